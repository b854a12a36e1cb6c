import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { cancelBatch } from "@/lib/notifications/lifecycle";
import { batchParams } from "@/lib/notifications/schema";

export const POST = route(
  { auth: "service", scope: "notifications:send", params: batchParams },
  async ({ caller, params }) => {
    const result = await cancelBatch(getDb(), caller.tenantId, params.batch_id, actorOf(caller));
    return ok(result, "Scheduled send cancelled");
  },
);
