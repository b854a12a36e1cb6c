// Snoozing: a notification hidden until a time, brought back on top and unread by a queued job
// at that time (live on every connected client through the change it publishes).
import { and, isNull, lt, sql } from "drizzle-orm";
import { fromDrizzle, type DrizzleTransactionLike } from "pg-boss";
import { clock } from "../clock";
import type { Db, Executor } from "../db/client";
import { notifications } from "../db/schema";
import { getQueue } from "../queue/boss";
import { changeNotifications, getNotification, type Owner } from "./inbox";
import type { NotificationRow } from "./serialize";

export const SNOOZE_QUEUE = "notification-snooze";
export type SnoozeJob = { tenantId: string; userId: string; notificationId: string; until: string };

/** Queues the wake of a snooze inside the snoozing transaction: both commit or neither. */
async function enqueueWake(tx: Executor, job: SnoozeJob): Promise<void> {
  const boss = getQueue();
  if (!boss) throw new Error("The job queue is not running in this process");
  // Both drivers' execute() resolve to rows pg-boss can read; the generic Executor type just cannot say so.
  const db = fromDrizzle(tx as unknown as DrizzleTransactionLike, sql);
  // No singleton key: a wake that runs twice finds its snooze gone the second time.
  await boss.send(SNOOZE_QUEUE, job, { startAfter: new Date(job.until), db });
}

/**
 * Hides one of the owner's notifications until `until` (validated by the request schema: in the
 * future, within the limit). Snoozing again moves the time; the earlier job then finds its snooze
 * gone and does nothing.
 */
export async function snoozeNotification(
  db: Db,
  owner: Owner,
  id: string,
  until: Date,
): Promise<NotificationRow> {
  await getNotification(db, owner, id); // 404 unless it is the owner's
  const job = { ...owner, notificationId: id, until: until.toISOString() };
  await changeNotifications(db, owner, "snooze", [id], {
    until,
    inTransaction: (tx) => enqueueWake(tx, job),
  });
  return getNotification(db, owner, id);
}

/** Ends a snooze now: the notification comes back on top, unread. Not snoozed: nothing changes. */
export async function unsnoozeNotification(db: Db, owner: Owner, id: string): Promise<NotificationRow> {
  await getNotification(db, owner, id);
  await changeNotifications(db, owner, "unsnooze", [id]);
  return getNotification(db, owner, id);
}

/**
 * The job at a snooze's end. Run early by the clock (the queue's time is the database's), it queues
 * itself again for the snooze's time; a snooze moved or ended meanwhile is left alone.
 * Returns whether the notification came back.
 */
export async function wakeSnoozed(db: Db, job: SnoozeJob): Promise<boolean> {
  const until = new Date(job.until);
  const owner = { tenantId: job.tenantId, userId: job.userId };
  if (clock().now() < until) {
    await db.transaction((tx) => enqueueWake(tx, job));
    return false;
  }
  const woken = await changeNotifications(db, owner, "wake", [job.notificationId], { until });
  return woken.length > 0;
}

/** A wake this late has been lost (its job failed for good, or the queue was emptied). */
const OVERDUE_MS = 5 * 60_000;
const SWEEP_LIMIT = 500;

/**
 * Wakes the snoozes whose job should have run long ago, as the job would have (housekeeping runs
 * it): a snooze never hides a notification for good. Returns how many came back.
 */
export async function wakeOverdueSnoozes(db: Db): Promise<number> {
  const overdue = await db
    .select({
      tenantId: notifications.tenantId,
      userId: notifications.userId,
      notificationId: notifications.id,
      until: notifications.snoozedUntil,
    })
    .from(notifications)
    .where(
      and(
        lt(notifications.snoozedUntil, new Date(clock().now().getTime() - OVERDUE_MS)),
        isNull(notifications.deletedAt),
      ),
    )
    .orderBy(notifications.snoozedUntil)
    .limit(SWEEP_LIMIT);
  let woken = 0;
  for (const row of overdue)
    if (await wakeSnoozed(db, { ...row, until: row.until!.toISOString() })) woken += 1;
  return woken;
}
