// The send log: one row per (notification, channel) attempt history, for the console and services.
import { and, desc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import {
  deliveries,
  deliveryAttemptOutcomes,
  deliveryAttempts,
  deliveryStatuses,
  notificationChannels,
  users,
} from "../db/schema";
import { notFound } from "../errors";
import { afterTimeCursor, exactTime, timeCursorOf } from "../http/cursor";
import { pageQuery, rfc3339 } from "../http/validation";
import { csvStream, type CsvColumn } from "../csv";
import { listNotifications } from "../notifications/inbox";
import { listQuery } from "../notifications/schema";
import { notificationJson, type NotificationJson } from "../notifications/serialize";
import { externalIdSchema } from "../users/schema";

export const deliveryListQuery = z.strictObject({
  page_size: pageQuery.page_size,
  cursor: z.string().max(200).optional(),
  channel: z.enum(notificationChannels, { message: "is not a channel" }).optional(),
  status: z.enum(deliveryStatuses, { message: "is not a delivery status" }).optional(),
  provider: z.string().max(50).optional(),
  user_id: externalIdSchema.optional(),
  notification_id: z.uuid({ message: "must be a notification id" }).optional(),
  announcement_id: z.uuid({ message: "must be an announcement id" }).optional(),
  workflow_run_id: z.uuid({ message: "must be a workflow run id" }).optional(),
  template: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .meta({ description: "Only deliveries of notifications sent from this template code" }),
  from: rfc3339.optional(),
  to: rfc3339.optional(),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuery>;

const columns = {
  id: deliveries.id,
  notificationId: deliveries.notificationId,
  announcementId: deliveries.announcementId,
  workflowRunId: deliveries.workflowRunId,
  workflowStepId: deliveries.workflowStepId,
  externalUserId: users.externalId,
  channel: deliveries.channel,
  provider: deliveries.provider,
  destination: deliveries.destination,
  status: deliveries.status,
  reason: deliveries.reason,
  attempts: deliveries.attempts,
  lastError: deliveries.lastError,
  providerMessageId: deliveries.providerMessageId,
  deferredUntil: deliveries.deferredUntil,
  createdAt: deliveries.createdAt,
  updatedAt: deliveries.updatedAt,
  sentAt: deliveries.sentAt,
  deliveredAt: deliveries.deliveredAt,
  failedAt: deliveries.failedAt,
  openedAt: deliveries.openedAt,
  clickedAt: deliveries.clickedAt,
};
// The selected columns only: the deliveries table may gain columns the log does not show.
type Row = Pick<typeof deliveries.$inferSelect, Exclude<keyof typeof columns, "externalUserId">> & {
  externalUserId: string;
};

const dateTime = z.iso.datetime({ offset: true });
const nullableDate = dateTime.nullable();

export const deliverySchema = z
  .object({
    id: z.uuid(),
    notification_id: z
      .uuid()
      .nullable()
      .meta({ description: "Null for an announcement's or a workflow step's delivery" }),
    announcement_id: z
      .uuid()
      .nullable()
      .meta({ description: "Set for a delivery of an announcement's extra channels" }),
    workflow_run_id: z
      .uuid()
      .nullable()
      .meta({ description: "Set for a workflow run's external channel step (with workflow_step_id)" }),
    workflow_step_id: z.string().nullable(),
    user_id: z.string(),
    channel: z.enum(notificationChannels),
    provider: z
      .string()
      .nullable()
      .meta({ description: "resend, smtp, twilio, webpush, fcm, apns, wechat, chat, slack_bot or outbox" }),
    destination: z.string().nullable(),
    status: z.enum(deliveryStatuses),
    reason: z.string().nullable().meta({ description: "Why it was skipped or failed, e.g. no_address" }),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    provider_message_id: z.string().nullable(),
    deferred_until: nullableDate,
    created_at: dateTime,
    updated_at: dateTime,
    sent_at: nullableDate,
    delivered_at: nullableDate,
    failed_at: nullableDate,
    opened_at: nullableDate.meta({ description: "First open of a tracked email (the tenant tracks opens)" }),
    clicked_at: nullableDate.meta({ description: "First click on a tracked email's link" }),
  })
  .meta({ id: "Delivery" });

export const deliveryPageSchema = z.object({
  deliveries: z.array(deliverySchema),
  next_cursor: z.string().nullable(),
});

type DeliveryJson = z.input<typeof deliverySchema>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function deliveryJson(r: Row): DeliveryJson {
  return {
    id: r.id,
    notification_id: r.notificationId,
    announcement_id: r.announcementId,
    workflow_run_id: r.workflowRunId,
    workflow_step_id: r.workflowStepId,
    user_id: r.externalUserId,
    channel: r.channel,
    provider: r.provider,
    destination: r.destination,
    status: r.status,
    reason: r.reason,
    attempts: r.attempts,
    last_error: r.lastError,
    provider_message_id: r.providerMessageId,
    deferred_until: iso(r.deferredUntil),
    created_at: r.createdAt.toISOString(),
    updated_at: r.updatedAt.toISOString(),
    sent_at: iso(r.sentAt),
    delivered_at: iso(r.deliveredAt),
    failed_at: iso(r.failedAt),
    opened_at: iso(r.openedAt),
    clicked_at: iso(r.clickedAt),
  };
}

/** Newest first, by keyset (created_at, id): as fast deep in the log as at its start. */
export async function listDeliveries(
  db: Db,
  tenantId: string,
  q: Omit<DeliveryListQuery, "page_size"> & { page_size: number },
): Promise<z.input<typeof deliveryPageSchema>> {
  const where: SQL[] = [eq(deliveries.tenantId, tenantId)];
  if (q.channel) where.push(eq(deliveries.channel, q.channel));
  if (q.status) where.push(eq(deliveries.status, q.status));
  if (q.provider) where.push(eq(deliveries.provider, q.provider));
  if (q.user_id) where.push(eq(users.externalId, q.user_id));
  if (q.notification_id) where.push(eq(deliveries.notificationId, q.notification_id));
  if (q.announcement_id) where.push(eq(deliveries.announcementId, q.announcement_id));
  if (q.workflow_run_id) where.push(eq(deliveries.workflowRunId, q.workflow_run_id));
  if (q.template)
    where.push(
      sql`exists (select 1 from notifications n join templates t on t.id = n.template_id
        where n.id = ${deliveries.notificationId} and t.tenant_id = ${tenantId} and t.code = ${q.template})`,
    );
  if (q.from) where.push(gte(deliveries.createdAt, new Date(q.from)));
  if (q.to) where.push(lt(deliveries.createdAt, new Date(q.to)));
  if (q.cursor) where.push(afterTimeCursor(deliveries.createdAt, deliveries.id, q.cursor));
  const rows = await db
    .select({ ...columns, exactCreatedAt: exactTime(deliveries.createdAt) })
    .from(deliveries)
    .innerJoin(users, eq(users.id, deliveries.userId))
    .where(and(...where))
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(q.page_size + 1);
  const page = rows.slice(0, q.page_size);
  const last = page[page.length - 1];
  return {
    deliveries: page.map(deliveryJson),
    next_cursor: rows.length > q.page_size && last ? timeCursorOf(last) : null,
  };
}

export const deliveryAttemptSchema = z
  .object({
    attempt: z.number().int().meta({ description: "The delivery's attempt number (1 first)" }),
    provider: z.string(),
    integration_id: z.uuid().nullable().meta({ description: "Null: the environment's provider" }),
    outcome: z.enum(deliveryAttemptOutcomes).meta({
      description:
        "sent; retry (the same provider again later); failover (the next provider of the chain next); failed; skipped (targets left out, e.g. mobile devices of a platform the tenant has no fcm/apns integration for)",
    }),
    error_code: z.string().nullable(),
    error_message: z.string().nullable(),
    started_at: dateTime,
    ended_at: dateTime,
  })
  .meta({ id: "DeliveryAttempt" });

export const deliveryDetailSchema = z.object({
  delivery: deliverySchema,
  attempts: z.array(deliveryAttemptSchema).meta({ description: "Each provider call, oldest first" }),
});

/** One delivery of the tenant with each of its provider attempts; another tenant's is not found. */
export async function getDelivery(
  db: Db,
  tenantId: string,
  id: string,
): Promise<z.input<typeof deliveryDetailSchema>> {
  const [row] = await db
    .select(columns)
    .from(deliveries)
    .innerJoin(users, eq(users.id, deliveries.userId))
    .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.id, id)));
  if (!row) throw notFound("Delivery not found");
  const attempts = await db
    .select()
    .from(deliveryAttempts)
    .where(and(eq(deliveryAttempts.tenantId, tenantId), eq(deliveryAttempts.deliveryId, id)))
    .orderBy(deliveryAttempts.attempt, deliveryAttempts.startedAt);
  return {
    delivery: deliveryJson(row),
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      provider: a.provider,
      integration_id: a.integrationId,
      outcome: a.outcome,
      error_code: a.errorCode,
      error_message: a.errorMessage,
      started_at: a.startedAt.toISOString(),
      ended_at: a.endedAt.toISOString(),
    })),
  };
}

/** A notification's deliveries, oldest channel first; 404 handled by the caller's lookup. */
export async function deliveriesOf(db: Db, tenantId: string, notificationId: string) {
  const rows = await db
    .select(columns)
    .from(deliveries)
    .innerJoin(users, eq(users.id, deliveries.userId))
    .where(and(eq(deliveries.tenantId, tenantId), eq(deliveries.notificationId, notificationId)))
    .orderBy(deliveries.createdAt, deliveries.channel);
  return rows.map(deliveryJson);
}

// ---- CSV exports of the send log (the current filter, every page) ----

/** The export takes the list's filters; it walks every page itself. */
export const deliveryExportQuery = deliveryListQuery.omit({ page_size: true, cursor: true });
export const notificationExportQuery = listQuery.omit({
  page: true,
  page_size: true,
  cursor: true,
  scope: true,
});

const EXPORT_PAGE = 500;

const deliveryCsvColumns: CsvColumn<DeliveryJson>[] = (
  [
    "created_at",
    "id",
    "notification_id",
    "user_id",
    "channel",
    "provider",
    "destination",
    "status",
    "reason",
    "attempts",
    "last_error",
    "provider_message_id",
    "sent_at",
    "delivered_at",
    "failed_at",
  ] as const
).map((k) => ({ header: k, value: (r: DeliveryJson) => r[k] }));

const notificationCsvColumns: CsvColumn<NotificationJson>[] = [
  ...(
    [
      "created_at",
      "id",
      "user_id",
      "title",
      "content",
      "type",
      "priority",
      "status",
      "template_code",
      "batch_id",
      "scheduled_at",
      "sent_at",
      "read_at",
    ] as const
  ).map((k) => ({ header: k, value: (r: NotificationJson) => r[k] })),
  { header: "channels", value: (r) => r.channels.join(";") },
  { header: "metadata", value: (r) => r.metadata },
];

/** Pages through a keyset list until its last page. */
function pager<T>(fetch: (cursor: string | undefined) => Promise<{ rows: T[]; next: string | null }>) {
  let cursor: string | undefined;
  let done = false;
  return async () => {
    if (done) return null;
    const page = await fetch(cursor);
    if (page.next) cursor = page.next;
    else done = true;
    return page.rows;
  };
}

export function exportDeliveriesCsv(db: Db, tenantId: string, q: z.infer<typeof deliveryExportQuery>) {
  return csvStream(
    deliveryCsvColumns,
    pager(async (cursor) => {
      const page = await listDeliveries(db, tenantId, { ...q, cursor, page_size: EXPORT_PAGE });
      return { rows: page.deliveries, next: page.next_cursor };
    }),
  );
}

export function exportNotificationsCsv(db: Db, tenantId: string, q: z.infer<typeof notificationExportQuery>) {
  return csvStream(
    notificationCsvColumns,
    pager(async (cursor) => {
      const page = await listNotifications(
        db,
        { tenantId },
        { ...q, page: 1, page_size: EXPORT_PAGE, cursor: cursor ?? "" },
      );
      return { rows: page.rows.map(notificationJson), next: page.nextCursor };
    }),
  );
}

/** The response of an export: a CSV download named after the log and the time. */
export function csvResponse(stream: ReadableStream<Uint8Array>, name: string): Response {
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "-");
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="herald-${name}-${stamp}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
