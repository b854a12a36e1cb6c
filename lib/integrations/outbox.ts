// The dev outbox as the console and tests read it: what the outbox provider "sent", newest first.
import { and, desc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { devOutbox } from "../db/schema";
import { afterTimeCursor, exactTime, timeCursorOf } from "../http/cursor";
import { pageQuery } from "../http/validation";
import { externalChannels } from "./schema";

export const outboxListQuery = z.strictObject({
  page_size: pageQuery.page_size,
  cursor: z.string().max(200).optional(),
  channel: z.enum(externalChannels, { message: `must be one of ${externalChannels.join(", ")}` }).optional(),
  to: z.string().min(1).max(4096).optional().meta({ description: "Only messages to exactly this address" }),
});
export type OutboxListQuery = z.infer<typeof outboxListQuery>;

type Row = Omit<typeof devOutbox.$inferSelect, "tenantId">;

export function outboxJson(r: Row) {
  return {
    id: r.id,
    delivery_id: r.deliveryId,
    channel: r.channel,
    to: r.to,
    subject: r.subject,
    body: r.body,
    payload: r.payload,
    created_at: r.createdAt.toISOString(),
  };
}

export const outboxMessageSchema = z
  .object({
    id: z.uuid(),
    delivery_id: z.uuid().nullable(),
    channel: z.string(),
    to: z.string().nullable(),
    subject: z.string().nullable(),
    body: z.string().nullable(),
    payload: z
      .record(z.string(), z.unknown())
      .meta({ description: "html, actionUrl, actionText, data, headers (email)" }),
    created_at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "OutboxMessage" });

export const outboxPageSchema = z.object({
  messages: z.array(outboxMessageSchema),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
});

const exactCreatedAt = exactTime(devOutbox.createdAt);

/** Newest first, by keyset (created_at, id). */
export async function listOutbox(db: Db, tenantId: string, q: OutboxListQuery) {
  const where: SQL[] = [eq(devOutbox.tenantId, tenantId)];
  if (q.channel) where.push(eq(devOutbox.channel, q.channel));
  if (q.to) where.push(eq(devOutbox.to, q.to));
  if (q.cursor) where.push(afterTimeCursor(devOutbox.createdAt, devOutbox.id, q.cursor));
  const rows = await db
    .select({
      id: devOutbox.id,
      deliveryId: devOutbox.deliveryId,
      channel: devOutbox.channel,
      to: devOutbox.to,
      subject: devOutbox.subject,
      body: devOutbox.body,
      payload: devOutbox.payload,
      createdAt: devOutbox.createdAt,
      exactCreatedAt,
    })
    .from(devOutbox)
    .where(and(...where))
    .orderBy(desc(devOutbox.createdAt), desc(devOutbox.id))
    .limit(q.page_size + 1);
  const page = rows.slice(0, q.page_size);
  const last = page[page.length - 1];
  return {
    messages: page.map(outboxJson),
    next_cursor: rows.length > q.page_size && last ? timeCursorOf(last) : null,
  };
}

// Compile-time drift check: the schema's output type must equal what outboxJson returns.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesSerializer: Same<
  z.output<typeof outboxMessageSchema>,
  ReturnType<typeof outboxJson>
> = true;
void schemaMatchesSerializer;
