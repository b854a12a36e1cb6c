// OpenAPI paths of the console's operations endpoints: user CSV import, the audit log and the
// send-log CSV exports; document.ts merges them in with its `op` helper.
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { auditListQuery, auditPageSchema } from "../audit";
import { deliveryExportQuery, notificationExportQuery } from "../delivery/logs";
import { importResultSchema, MAX_IMPORT_ROWS, userImportBodySchema, userImportQuery } from "../users/import";
import type { Op } from "./document";

const csvDownload = (what: string) => ({
  description: `${what} as CSV (UTF-8 with a BOM, CRLF lines). Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are prefixed with '.`,
  content: { "text/csv": { schema: z.string() } },
});

export function adminOpsPaths(op: (o: Op) => ZodOpenApiOperationObject): ZodOpenApiPathsObject {
  const importOp = op({
    id: "importUsers",
    summary: "Import users from CSV (dry run by default)",
    description: `Columns: id (required; \`user_id\` also accepted), email, phone, name, locale, timezone — each checked as in \`PUT /api/v1/users/{user_id}\`; an empty cell keeps the stored value. Up to ${MAX_IMPORT_ROWS.toLocaleString("en")} rows and 2 MB. With \`dry_run=true\` (the default) nothing is written: the answer says what would be created, updated or left unchanged, and lists each bad row's errors (row, field, message). With \`dry_run=false\` the valid rows are upserted in one transaction and the bad ones are skipped and reported; rows that match what is stored are not written, so importing the same file again changes nothing. A file without an id column, with unknown columns or too many rows is a 400 and nothing is written.`,
    tag: "Users",
    auth: "admin",
    query: userImportQuery,
    body: userImportBodySchema,
    data: importResultSchema,
  });
  importOp.requestBody = {
    required: true,
    content: {
      "text/csv": { schema: z.string().meta({ description: "The CSV file itself" }) },
      "application/json": { schema: userImportBodySchema },
    },
  };
  return {
    "/api/v1/users/import": { post: importOp },
    "/api/v1/audit-log": {
      get: op({
        id: "listAuditLog",
        summary: "The audit log: who changed what, and when",
        description:
          "Written by Herald itself in the same transaction as each change: templates, sends, announcements, API keys, integrations, users and imports. Newest first; keyset pages with `cursor` / `next_cursor`.",
        tag: "Administration",
        auth: "admin",
        query: auditListQuery,
        data: auditPageSchema,
      }),
    },
    "/api/v1/deliveries/export": {
      get: op({
        id: "exportDeliveries",
        summary: "Export the send log as CSV",
        description:
          "Every delivery matching the filters of `GET /api/v1/deliveries`, newest first, streamed.",
        tag: "Notifications",
        auth: "service",
        scope: "notifications:read",
        query: deliveryExportQuery,
        data: z.string(),
        response: csvDownload("The deliveries"),
      }),
    },
    "/api/v1/notifications/export": {
      get: op({
        id: "exportNotifications",
        summary: "Export the tenant's notifications as CSV",
        description:
          "Every notification matching the filters of the tenant-wide `GET /api/v1/notifications`, newest first, streamed.",
        tag: "Notifications",
        auth: "service",
        scope: "notifications:read",
        query: notificationExportQuery,
        data: z.string(),
        response: csvDownload("The notifications"),
      }),
    },
  };
}
