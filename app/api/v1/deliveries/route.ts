import { getDb } from "@/lib/db/client";
import { deliveryListQuery, findDeliveries } from "@/lib/delivery/logs";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const GET = route(
  { auth: "service", scope: "notifications:read", query: deliveryListQuery },
  async ({ caller, query }) => {
    return ok(await findDeliveries(getDb(), caller.tenantId, query));
  },
);
