// Scheduled release, recall and cancel: the status changes that come after a send.
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { fromDrizzle, type DrizzleTransactionLike } from "pg-boss";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import { rowsOf, type Db, type Executor } from "../db/client";
import { deliveries, notifications } from "../db/schema";
import { bus } from "../events";
import { conflict, notFound } from "../errors";
import { getQueue } from "../queue/boss";
import { listByIds, getNotification, publishChanges } from "./inbox";
import { notificationJson, type NotificationRow } from "./serialize";
import { unclaimedSourcesOf } from "../vocabulary/delivery-status";
import { releaseSources, releaseTargetOf, sourcesOf, VISIBLE_STATUSES } from "./status";

export const RELEASE_QUEUE = "notification-release";
export type ReleaseJob = { tenantId: string; batchId: string };

/** Queues the release of a scheduled batch inside the sending transaction: both commit or neither. */
export async function enqueueRelease(tx: Executor, job: ReleaseJob, at: Date): Promise<void> {
  const boss = getQueue();
  if (!boss) throw new Error("The job queue is not running in this process");
  // Both drivers' execute() resolve to rows pg-boss can read; the generic Executor type just cannot say so.
  const db = fromDrizzle(tx as unknown as DrizzleTransactionLike, sql);
  await boss.send(RELEASE_QUEUE, job, { startAfter: at, singletonKey: job.batchId, db });
}

/** The release's guard: still waiting for its time (cancelled or recalled rows are left alone). */
const releasable = () => sql`status = any(${sql.param(releaseSources())}::text[])`;

/**
 * Locks the counter rows of a batch's still-pending recipients, in user order: the same lock order
 * as every other writer. Release and batch cancel both take these first, so they serialize.
 */
async function lockPendingCounters(tx: Executor, job: ReleaseJob): Promise<void> {
  await tx.execute(sql`
    select 1 from user_counters where user_id in (
      select user_id from notifications where batch_id = ${job.batchId} and tenant_id = ${job.tenantId} and ${releasable()}
    ) order by user_id for update`);
}

/**
 * Makes a due scheduled batch visible: each recipient's row takes the next value of their
 * sequence (so it sorts and replays as new), status sent. Rows cancelled or recalled meanwhile
 * are left alone. Returns how many were released.
 */
export async function releaseBatch(db: Db, job: ReleaseJob): Promise<number> {
  const released = await db.transaction(async (tx) => {
    await lockPendingCounters(tx, job);
    return rowsOf<{ id: string; user_id: string }>(
      await tx.execute(sql`
        with due as (
          select id, user_id from notifications
          where batch_id = ${job.batchId} and tenant_id = ${job.tenantId} and ${releasable()}
        ),
        counters as (
          update user_counters c
          set notification_seq = c.notification_seq + 1, change_seq = c.change_seq + 1
          from due where c.user_id = due.user_id
          returning c.user_id, c.notification_seq, c.change_seq
        )
        update notifications n
        -- In-app counts as sent at once; without it the deliveries (queued for this time) decide.
        set status = case when 'app' = any(n.channels) then ${releaseTargetOf({ inApp: true })}::text
                          else ${releaseTargetOf({ inApp: false })}::text end,
            sent_at = case when 'app' = any(n.channels) then now() else null end,
            seq = counters.notification_seq, change_seq = counters.change_seq,
            updated_at = now()
        from due join counters on counters.user_id = due.user_id
        where n.id = due.id
        returning n.id, n.user_id`),
    );
  });
  if (released.length > 0) {
    const notificationIds = released.map((r) => r.id);
    const rows = await listByIds(db, job.tenantId, notificationIds);
    bus().publish("notification.created", {
      tenantId: job.tenantId,
      userIds: released.map((r) => r.user_id),
      notificationIds,
      batchId: job.batchId,
      notifications: rows.map(notificationJson),
    });
  }
  return released.length;
}

/** A recall or cancel's effect on channels: the notifications' still-queued deliveries are cancelled. */
async function stopDeliveries(tx: Executor, which: SQL, reason: "recalled" | "cancelled"): Promise<void> {
  const to = "cancelled";
  await tx
    .update(deliveries)
    .set({ status: to, reason })
    .where(and(which, inArray(deliveries.status, unclaimedSourcesOf(to))));
}

async function transition(
  db: Db,
  tenantId: string,
  id: string,
  to: "recalled" | "cancelled",
  actor: Actor,
): Promise<NotificationRow> {
  const current = await getNotification(db, { tenantId }, id);
  if (current.status === to) return current; // asking twice is not an error
  const from = sourcesOf(to);
  if (!from.includes(current.status)) {
    throw conflict(
      to === "cancelled"
        ? "Only a pending scheduled notification can be cancelled"
        : `A ${current.status} notification cannot be recalled`,
    );
  }
  const changed = await db.transaction(async (tx) => {
    const [counter] = rowsOf<{ change_seq: string | number }>(
      await tx.execute(
        sql`select change_seq from user_counters where user_id = ${current.userId} for update`,
      ),
    );
    const updated = await tx
      .update(notifications)
      .set({
        status: to,
        changeSeq: Number(counter!.change_seq) + 1,
        ...(to === "recalled" ? { recalledAt: sql`now()` } : {}),
      })
      .where(
        and(
          eq(notifications.id, id),
          eq(notifications.tenantId, tenantId),
          inArray(notifications.status, from),
        ),
      )
      .returning({ id: notifications.id });
    if (updated.length === 0) return false; // changed by someone else meanwhile
    await tx.execute(
      sql`update user_counters set change_seq = change_seq + 1 where user_id = ${current.userId}`,
    );
    await stopDeliveries(tx, eq(deliveries.notificationId, id), to);
    await audit(tx, tenantId, actor, `notification.${to}`, { type: "notification", id });
    return true;
  });
  const after = await getNotification(db, { tenantId }, id);
  if (!changed && after.status !== to) throw conflict(`The notification became ${after.status} meanwhile`);
  if (changed && to === "recalled" && VISIBLE_STATUSES.includes(current.status)) {
    await publishChanges(db, { tenantId, userId: current.userId }, "recalled", [
      { id, change_seq: after.changeSeq },
    ]);
  }
  return after;
}

/** Takes a notification back: gone from the inbox and counts, pending deliveries cancelled. */
export function recallNotification(db: Db, tenantId: string, id: string, actor: Actor) {
  return transition(db, tenantId, id, "recalled", actor);
}

/** Stops a scheduled notification that has not gone out yet. */
export function cancelNotification(db: Db, tenantId: string, id: string, actor: Actor) {
  return transition(db, tenantId, id, "cancelled", actor);
}

// ---- A whole scheduled send (one batch) ----

export const batchSummarySchema = z
  .object({
    batch_id: z.uuid(),
    total: z.number().int().meta({ description: "Notifications in the batch (one per recipient)" }),
    by_status: z
      .record(z.string(), z.number().int())
      .meta({ description: 'How many are in each status, e.g. `{ "pending": 4990, "cancelled": 10 }`' }),
    scheduled_at: z.iso.datetime().nullable(),
  })
  .meta({ id: "BatchSummary" });

export type BatchSummary = z.input<typeof batchSummarySchema>;

export const batchCancelResultSchema = z
  .object({
    cancelled: z.number().int().meta({ description: "Notifications cancelled by this request" }),
    already_sent: z
      .number()
      .int()
      .meta({ description: "Notifications of the batch already out (processing, sent or failed)" }),
  })
  .meta({ id: "BatchCancelResult" });

/** How many of a batch's notifications are in each status (one grouped query); 404 when the tenant has none. */
export async function batchSummary(db: Executor, tenantId: string, batchId: string): Promise<BatchSummary> {
  const rows = rowsOf<{ status: string; n: string | number; scheduled_at: string | Date | null }>(
    await db.execute(sql`
      select status, count(*) as n, max(scheduled_at) as scheduled_at
      from notifications
      where batch_id = ${batchId}::uuid and tenant_id = ${tenantId}::uuid
      group by status`),
  );
  if (rows.length === 0) throw notFound("Batch not found");
  const byStatus: Record<string, number> = {};
  let scheduledAt: Date | null = null;
  for (const r of rows) {
    byStatus[r.status] = Number(r.n);
    const at = r.scheduled_at === null ? null : new Date(r.scheduled_at);
    if (at && (!scheduledAt || at > scheduledAt)) scheduledAt = at;
  }
  return {
    batch_id: batchId,
    total: Object.values(byStatus).reduce((a, b) => a + b, 0),
    by_status: byStatus,
    scheduled_at: scheduledAt?.toISOString() ?? null,
  };
}

/**
 * Cancels every still-pending notification of a scheduled batch in one statement, with the same
 * rules as the single cancel (the status machine's sources of `cancelled`, change_seq bumped per
 * recipient, queued deliveries cancelled; their jobs then find nothing to send). One audit row.
 * Like the single cancel it publishes no event: a pending notification was never in an inbox, so
 * no live client shows it. 404 for an unknown batch (or another tenant's); 409 when nothing is
 * left pending.
 */
export async function cancelBatch(
  db: Db,
  tenantId: string,
  batchId: string,
  actor: Actor,
): Promise<z.input<typeof batchCancelResultSchema>> {
  const before = await batchSummary(db, tenantId, batchId);
  const to = "cancelled";
  const from = sourcesOf(to);
  const cancellable = from.reduce((n, s) => n + (before.by_status[s] ?? 0), 0);
  if (cancellable === 0) throw conflict("Nothing to cancel");
  const cancelled = await db.transaction(async (tx) => {
    await lockPendingCounters(tx, { tenantId, batchId });
    const rows = rowsOf<{ id: string }>(
      await tx.execute(sql`
        with due as (
          select id, user_id from notifications
          where batch_id = ${batchId}::uuid and tenant_id = ${tenantId}::uuid
            and status = any(${sql.param(from)}::text[])
        ),
        counters as (
          update user_counters c
          set change_seq = c.change_seq + 1
          from due where c.user_id = due.user_id
          returning c.user_id, c.change_seq
        )
        update notifications n
        set status = ${to}, change_seq = counters.change_seq, updated_at = now()
        from due join counters on counters.user_id = due.user_id
        where n.id = due.id and n.status = any(${sql.param(from)}::text[])
        returning n.id`),
    );
    if (rows.length === 0) return 0; // released or cancelled by someone else meanwhile
    await stopDeliveries(
      tx,
      sql`${deliveries.notificationId} = any(${sql.param(rows.map((r) => r.id))}::uuid[])`,
      "cancelled",
    );
    await audit(
      tx,
      tenantId,
      actor,
      "notification.batch_cancelled",
      { type: "batch", id: batchId },
      { count: rows.length },
    );
    return rows.length;
  });
  if (cancelled === 0) throw conflict("Nothing to cancel");
  const after = await batchSummary(db, tenantId, batchId);
  const alreadySent = VISIBLE_STATUSES.reduce((n, s) => n + (after.by_status[s] ?? 0), 0);
  return { cancelled, already_sent: alreadySent };
}
