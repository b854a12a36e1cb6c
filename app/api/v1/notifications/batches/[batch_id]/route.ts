import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { batchSummary } from "@/lib/notifications/lifecycle";
import { batchParams } from "@/lib/notifications/schema";

export const GET = route(
  { auth: "service", scope: "notifications:send", params: batchParams },
  async ({ caller, params }) => ok(await batchSummary(getDb(), caller.tenantId, params.batch_id)),
);
