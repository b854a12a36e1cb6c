import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { preferencesUpdateSchema } from "@/lib/preferences/schema";
import { getPreferences, preferencesOwner, savePreferences } from "@/lib/preferences/store";
import { userIdParams } from "@/lib/users/schema";

export const GET = route(
  { auth: "service", scope: "users:read", params: userIdParams },
  async ({ caller, params }) => {
    return ok(
      await getPreferences(getDb(), await preferencesOwner(getDb(), caller.tenantId, params.user_id)),
    );
  },
);

export const PUT = route(
  { auth: "service", scope: "preferences:write", params: userIdParams, body: preferencesUpdateSchema },
  async ({ caller, params, body }) => {
    const owner = await preferencesOwner(getDb(), caller.tenantId, params.user_id);
    return ok(await savePreferences(getDb(), owner, body, actorOf(caller)), "Preferences saved");
  },
);
