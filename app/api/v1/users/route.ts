import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { pageOf } from "@/lib/http/validation";
import { userListQuery } from "@/lib/users/schema";
import { listUsers, userJson } from "@/lib/users/service";

export const GET = route(
  { auth: "service", scope: "users:read", query: userListQuery },
  async ({ caller, query }) => {
    const { users, total } = await listUsers(getDb(), caller.tenantId, query);
    return ok({ users: users.map(userJson), ...pageOf(total, query.page, query.page_size) });
  },
);
