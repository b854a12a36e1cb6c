import { actorOf, isAdmin } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { userIdParams, userUpsertSchema } from "@/lib/users/schema";
import { deleteUser, getUser, saveUser, userJson } from "@/lib/users/service";

export const GET = route(
  { auth: "service", scope: "users:read", params: userIdParams },
  async ({ caller, params }) => {
    return ok(userJson(await getUser(getDb(), caller.tenantId, params.user_id)));
  },
);

export const PUT = route(
  { auth: "service", scope: "users:write", params: userIdParams, body: userUpsertSchema },
  async ({ caller, params, body }) => {
    const user = await saveUser(getDb(), caller.tenantId, params.user_id, body, {
      actor: actorOf(caller),
      isAdmin: isAdmin(caller),
    });
    return ok(userJson(user), "User saved");
  },
);

export const DELETE = route(
  { auth: "service", scope: "users:write", params: userIdParams },
  async ({ caller, params }) => {
    await deleteUser(getDb(), caller.tenantId, params.user_id, {
      actor: actorOf(caller),
      isAdmin: isAdmin(caller),
    });
    return ok(null, "User deleted");
  },
);
