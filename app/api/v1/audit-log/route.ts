import { auditListQuery, findAuditLog } from "@/lib/audit";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "admin", query: auditListQuery }, async ({ caller, query }) => {
  return ok(await findAuditLog(getDb(), caller.tenantId, query));
});
