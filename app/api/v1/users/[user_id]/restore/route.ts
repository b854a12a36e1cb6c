import { actorOf, isAdmin } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { userIdParams } from "@/lib/users/schema";
import { restoreUser, userJson } from "@/lib/users/service";

export const POST = route({ auth: "admin", params: userIdParams }, async ({ caller, params }) => {
  const user = await restoreUser(getDb(), caller.tenantId, params.user_id, {
    actor: actorOf(caller),
    isAdmin: isAdmin(caller),
  });
  return ok(userJson(user), "User restored");
});
