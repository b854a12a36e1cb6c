import { getDb } from "@/lib/db/client";
import { deliveriesOf } from "@/lib/delivery/logs";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { getNotification } from "@/lib/notifications/inbox";
import { idParams } from "@/lib/notifications/schema";

export const GET = route(
  { auth: "service", scope: "notifications:read", params: idParams },
  async ({ caller, params }) => {
    await getNotification(getDb(), { tenantId: caller.tenantId }, params.id); // 404 for another tenant's
    return ok({ deliveries: await deliveriesOf(getDb(), caller.tenantId, params.id) });
  },
);
