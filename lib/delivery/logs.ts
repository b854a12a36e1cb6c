// The send log: one row per (notification, channel) attempt history, for the console and services.
import { and, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { deliveries, deliveryStatuses, notificationChannels, users } from "../db/schema";
import { afterTimeCursor, exactTime, timeCursorOf } from "../http/cursor";
import { pageQuery } from "../http/validation";
import { externalIdSchema } from "../users/schema";

const rfc3339 = z.iso.datetime({ offset: true, message: "must be an RFC 3339 date-time" });

export const deliveryListQuery = z.strictObject({
  page_size: pageQuery.page_size,
  cursor: z.string().max(200).optional(),
  channel: z.enum(notificationChannels, { message: "is not a channel" }).optional(),
  status: z.enum(deliveryStatuses, { message: "is not a delivery status" }).optional(),
  provider: z.string().max(50).optional(),
  user_id: externalIdSchema.optional(),
  notification_id: z.uuid({ message: "must be a notification id" }).optional(),
  from: rfc3339.optional(),
  to: rfc3339.optional(),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuery>;

const columns = {
  id: deliveries.id,
  notificationId: deliveries.notificationId,
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
};
type Row = Omit<typeof deliveries.$inferSelect, "tenantId" | "userId" | "integrationId" | "jobId"> & {
  externalUserId: string;
};

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function deliveryJson(r: Row) {
  return {
    id: r.id,
    notification_id: r.notificationId,
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
  };
}

/** Newest first, by keyset (created_at, id): as fast deep in the log as at its start. */
export async function findDeliveries(db: Db, tenantId: string, q: DeliveryListQuery) {
  const where: SQL[] = [eq(deliveries.tenantId, tenantId)];
  if (q.channel) where.push(eq(deliveries.channel, q.channel));
  if (q.status) where.push(eq(deliveries.status, q.status));
  if (q.provider) where.push(eq(deliveries.provider, q.provider));
  if (q.user_id) where.push(eq(users.externalId, q.user_id));
  if (q.notification_id) where.push(eq(deliveries.notificationId, q.notification_id));
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
