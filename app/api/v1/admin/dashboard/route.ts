import { dashboardQuery } from "@/lib/dashboard/schema";
import { dashboard } from "@/lib/dashboard/stats";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "admin", query: dashboardQuery }, async ({ caller, query }) => {
  return ok(await dashboard(getDb(), caller.tenantId, query));
});
