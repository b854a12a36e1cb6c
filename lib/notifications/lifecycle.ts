// Scheduled release, recall and cancel: the status changes that come after a send.
import { and, eq, inArray, sql } from "drizzle-orm";
import { fromDrizzle, type DrizzleTransactionLike } from "pg-boss";
import { audit, type Actor } from "../audit";
import { rowsOf, type Db, type Executor } from "../db/client";
import { deliveries, notifications } from "../db/schema";
import { bus } from "../events";
import { conflict } from "../http/errors";
import { getQueue } from "../queue";
import { findByIds, getNotification, publishChanges } from "./inbox";
import { notificationJson, type NotificationRow } from "./serialize";
import { sourcesOf, VISIBLE_STATUSES } from "./status";

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

/**
 * Makes a due scheduled batch visible: each recipient's row takes the next value of their
 * sequence (so it sorts and replays as new), status sent. Rows cancelled or recalled meanwhile
 * are left alone. Returns how many were released.
 */
export async function releaseBatch(db: Db, job: ReleaseJob): Promise<number> {
  const released = await db.transaction(async (tx) => {
    // Counter rows first, in user order: the same lock order as every other writer.
    await tx.execute(sql`
      select 1 from user_counters where user_id in (
        select user_id from notifications where batch_id = ${job.batchId} and tenant_id = ${job.tenantId} and status = 'pending'
      ) order by user_id for update`);
    return rowsOf<{ id: string; user_id: string }>(
      await tx.execute(sql`
        with due as (
          select id, user_id from notifications
          where batch_id = ${job.batchId} and tenant_id = ${job.tenantId} and status = 'pending'
        ),
        counters as (
          update user_counters c
          set notification_seq = c.notification_seq + 1, change_seq = c.change_seq + 1
          from due where c.user_id = due.user_id
          returning c.user_id, c.notification_seq, c.change_seq
        )
        update notifications n
        -- In-app counts as sent at once; without it the deliveries (queued for this time) decide.
        set status = case when 'app' = any(n.channels) then 'sent' else 'processing' end,
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
    const rows = await findByIds(db, job.tenantId, notificationIds);
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
    await tx
      .update(deliveries)
      .set({ status: "cancelled", reason: to })
      .where(and(eq(deliveries.notificationId, id), inArray(deliveries.status, ["queued"])));
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
