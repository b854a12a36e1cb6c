// Delivery rows and their queue jobs: written in the sending transaction, so a crash between the
// commit and the enqueue cannot lose a delivery (the job is in the same database, same commit).
import { sql, type SQL } from "drizzle-orm";
import { fromDrizzle, type DrizzleTransactionLike, type JobInsert } from "pg-boss";
import { rowsOf, type Executor } from "../db/client";
import type { NotificationChannel, NotificationPriority } from "../db/schema";
import { env } from "../env";
import { traceCarrier } from "../telemetry/tracing";
import { getQueue } from "./boss";
import type { ExternalChannel } from "../providers/types";
import { INITIAL_DELIVERY_STATUS } from "../vocabulary/delivery-status";

export const EXTERNAL_CHANNELS: readonly ExternalChannel[] = ["email", "sms", "push", "wechat", "chat"];
export const deliveryQueue = (channel: ExternalChannel) => `deliver-${channel}`;
export const DELIVERY_QUEUES = EXTERNAL_CHANNELS.map(deliveryQueue);

// pg-boss takes higher numbers first: urgent and high jump the queue, so an urgent notice never waits behind a bulk send.
const PRIORITY: Record<NotificationPriority, number> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** `trace`: the sending request's trace (W3C headers), when tracing, so the job continues it. */
export type DeliveryJob = { deliveryId: string; trace?: Record<string, string> };

export function isExternal(channel: NotificationChannel): channel is ExternalChannel {
  return (EXTERNAL_CHANNELS as readonly string[]).includes(channel);
}

export function jobFor(
  deliveryId: string,
  attempt: number,
  priority: NotificationPriority,
  startAfter?: Date,
  trace?: Record<string, string>,
): JobInsert<DeliveryJob> {
  return {
    data: trace ? { deliveryId, trace } : { deliveryId },
    priority: PRIORITY[priority],
    startAfter,
    // One live job per delivery and attempt: the sweeper's re-enqueue of a live one is a no-op.
    singletonKey: `${deliveryId}:${attempt}`,
    // Herald retries itself (honouring Retry-After); pg-boss retries only a job whose worker died.
    retryLimit: 3,
    retryDelay: 5,
    expireInSeconds: env().DELIVERY_JOB_EXPIRE_SECONDS,
  };
}

export async function enqueueJobs(
  tx: Executor,
  channel: ExternalChannel,
  jobs: JobInsert<DeliveryJob>[],
): Promise<void> {
  await insertJobs(tx, deliveryQueue(channel), jobs);
}

/** Inserts jobs into `queue` inside the caller's transaction: they commit with it or not at all. */
export async function insertJobs<T extends object>(
  tx: Executor,
  queue: string,
  jobs: JobInsert<T>[],
): Promise<void> {
  if (jobs.length === 0) return;
  const boss = getQueue();
  if (!boss) throw new Error("The job queue is not running in this process");
  // Both drivers' execute() resolve to rows pg-boss can read; the generic Executor type cannot say so.
  const db = fromDrizzle(tx as unknown as DrizzleTransactionLike, sql);
  await boss.insert(queue, jobs, { db });
}

/**
 * One `queued` delivery per (notification, external channel) of a batch, and its job — inside the
 * caller's transaction. Scheduled batches' jobs wait until `startAfter`.
 */
export async function createDeliveries(
  tx: Executor,
  batch: {
    tenantId: string;
    batchId: string;
    channels: NotificationChannel[];
    priority: NotificationPriority;
    startAfter?: Date;
    chatTargets?: readonly string[];
  },
): Promise<number> {
  return insertDeliveries(tx, {
    chatTargets: batch.chatTargets,
    recipients: sql`select n.tenant_id, n.id as notification_id, null::uuid as announcement_id, n.user_id
      from notifications n
      where n.batch_id = ${batch.batchId}::uuid and n.tenant_id = ${batch.tenantId}::uuid`,
    channels: batch.channels,
    priority: batch.priority,
    startAfter: batch.startAfter,
  });
}

/**
 * The set-based write behind every send: one `queued` delivery per recipient row × external
 * channel, and its job, inside the caller's transaction. `recipients` selects
 * (tenant_id, notification_id, announcement_id, user_id). With `skipExisting`, rows that exist
 * already (an announcement batch run twice) are neither written nor queued again; plain sends do
 * without the conflict check, which costs index probes on every row of a large fan-out.
 */
export async function insertDeliveries(
  tx: Executor,
  input: {
    recipients: SQL;
    channels: readonly NotificationChannel[];
    priority: NotificationPriority;
    startAfter?: Date;
    skipExisting?: boolean;
    /** The send's named chat targets: written on its chat deliveries. */
    chatTargets?: readonly string[];
  },
): Promise<number> {
  const channels = input.channels.filter(isExternal);
  if (channels.length === 0) return 0;
  const targets = input.chatTargets?.length
    ? {
        column: sql`, chat_targets`,
        value: sql`, case when ch = 'chat' then ${sql.param([...input.chatTargets])}::text[] end`,
      }
    : { column: sql``, value: sql`` };
  const rows = rowsOf<{ id: string; channel: ExternalChannel }>(
    await tx.execute(sql`
      insert into deliveries (tenant_id, notification_id, announcement_id, user_id, channel, status${targets.column})
      select r.tenant_id, r.notification_id, r.announcement_id, r.user_id, ch, ${INITIAL_DELIVERY_STATUS}::text${targets.value}
      from (${input.recipients}) r cross join unnest(${sql.param(channels)}::text[]) as ch
      ${input.skipExisting ? sql`on conflict do nothing` : sql``}
      returning id, channel`),
  );
  const trace = traceCarrier();
  for (const channel of channels) {
    const jobs = rows
      .filter((r) => r.channel === channel)
      .map((r) => jobFor(r.id, 1, input.priority, input.startAfter, trace));
    await enqueueJobs(tx, channel, jobs);
  }
  return rows.length;
}
