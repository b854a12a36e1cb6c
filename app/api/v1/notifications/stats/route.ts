import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { readScope } from "@/lib/notifications/access";
import { tenantStats, userStats } from "@/lib/notifications/inbox";
import { statsQuery } from "@/lib/notifications/schema";

export const GET = route({ auth: "any", query: statsQuery }, async ({ caller, query }) => {
  const scope = readScope(caller, query.scope);
  if (scope.userId) return ok(await userStats(getDb(), { tenantId: scope.tenantId, userId: scope.userId }));
  const range = {
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
  };
  return ok(await tenantStats(getDb(), scope.tenantId, range));
});
