import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { getUser, userJson } from "@/lib/users/service";

/** The end user the caller acts as (session, subscriber token, or API key + X-User-Id). */
export const GET = route({ auth: "user" }, async ({ caller, user }) => {
  return ok(userJson(await getUser(getDb(), caller.tenantId, user.externalId)));
});
