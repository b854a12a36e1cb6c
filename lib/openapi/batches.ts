// OpenAPI paths of a scheduled send as a whole (its batch); document.ts merges them in with its `op` helper.
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { batchParams } from "../notifications/schema";
import type { Op } from "./document";

const batchSummarySchema = z
  .object({
    batch_id: z.uuid(),
    total: z.number().int().meta({ description: "Notifications in the batch (one per recipient)" }),
    by_status: z
      .record(z.string(), z.number().int())
      .meta({ description: 'How many are in each status, e.g. `{ "pending": 4990, "cancelled": 10 }`' }),
    scheduled_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "BatchSummary" });

const batchCancelResultSchema = z
  .object({
    cancelled: z.number().int().meta({ description: "Notifications cancelled by this request" }),
    already_sent: z
      .number()
      .int()
      .meta({ description: "Notifications of the batch already out (processing, sent or failed)" }),
  })
  .meta({ id: "BatchCancelResult" });

export function batchPaths(op: (o: Op) => ZodOpenApiOperationObject, tag: string): ZodOpenApiPathsObject {
  return {
    "/api/v1/notifications/batches/{batch_id}": {
      get: op({
        id: "getNotificationBatch",
        summary: "A send's progress: its notifications counted by status",
        description:
          "`batch_id` is what `POST /api/v1/notifications` answered. Another tenant's batch is a 404.",
        tag,
        auth: "service",
        scope: "notifications:send",
        params: batchParams,
        data: batchSummarySchema,
      }),
    },
    "/api/v1/notifications/batches/{batch_id}/cancel": {
      post: op({
        id: "cancelNotificationBatch",
        summary: "Cancel a whole scheduled send",
        description:
          "Cancels every still-pending notification of the batch and their queued deliveries, as `POST /api/v1/notifications/{id}/cancel` does for one; notifications already released are left alone and counted in `already_sent`. Writes one audit entry (`notification.batch_cancelled`). 409 when nothing is left pending.",
        tag,
        auth: "service",
        scope: "notifications:send",
        params: batchParams,
        data: batchCancelResultSchema,
        message: "Scheduled send cancelled",
        errors: [409],
      }),
    },
  };
}
