import { getDb } from "@/lib/db/client";
import { csvResponse, deliveryExportQuery, exportDeliveriesCsv } from "@/lib/delivery/logs";
import { route } from "@/lib/http/route";

// The whole log for the filter, streamed page by page (formula-safe CSV, lib/csv.ts).
export const GET = route(
  { auth: "service", scope: "notifications:read", query: deliveryExportQuery },
  async ({ caller, query }) =>
    csvResponse(exportDeliveriesCsv(getDb(), caller.tenantId, query), "deliveries"),
);
