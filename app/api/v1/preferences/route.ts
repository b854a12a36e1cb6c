import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { preferencesUpdateSchema } from "@/lib/preferences/schema";
import { getPreferences, savePreferences } from "@/lib/preferences/store";

export const GET = route({ auth: "user" }, async ({ caller, user }) => {
  return ok(await getPreferences(getDb(), { tenantId: caller.tenantId, userId: user.id }));
});

export const PUT = route({ auth: "user", body: preferencesUpdateSchema }, async ({ caller, user, body }) => {
  const owner = { tenantId: caller.tenantId, userId: user.id };
  return ok(await savePreferences(getDb(), owner, body, actorOf(caller)), "Preferences saved");
});
