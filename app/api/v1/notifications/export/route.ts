import { getDb } from "@/lib/db/client";
import { csvResponse, exportNotificationsCsv, notificationExportQuery } from "@/lib/delivery/logs";
import { route } from "@/lib/http/route";

// The tenant's notifications for the filter, streamed page by page (formula-safe CSV, lib/csv.ts).
export const GET = route(
  { auth: "service", scope: "notifications:read", query: notificationExportQuery },
  async ({ caller, query }) =>
    csvResponse(exportNotificationsCsv(getDb(), caller.tenantId, query), "notifications"),
);
