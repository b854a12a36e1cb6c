// Expiry: at a notification's expires_at it leaves every list, count and live client (status
// expired, which the inbox's partial indexes already leave out), by a job queued with its send and
// a periodic sweep for rows whose job was lost.
import { sql, type SQL } from "drizzle-orm";
import { fromDrizzle, type DrizzleTransactionLike } from "pg-boss";
import { clock } from "../clock";
import { rowsOf, type Db, type Executor } from "../db/client";
import { metrics } from "../metrics";
import { getQueue } from "../queue/boss";
import { unclaimedSourcesOf } from "../vocabulary/delivery-status";
import { publishChanges } from "./inbox";
import { EXPIRED_STATUS, expirySources, isVisible } from "./status";
import type { NotificationStatus } from "../vocabulary/enums";

export const EXPIRY_QUEUE = "notification-expiry";
export const EXPIRY_SWEEP_QUEUE = "notification-expiry-sweep";
export const EXPIRY_SWEEP_CRON = "* * * * *";
export type ExpiryJob = { tenantId: string; batchId: string; at: string };

/** Rows expired per statement: one statement's counter locks stay few and short. */
export const EXPIRY_BATCH = 1_000;

// A literal list, not a parameter: the planner matches it to notifications_expiry_idx's predicate.
const liveSql = sql.raw(
  `in (${expirySources()
    .map((s) => `'${s}'`)
    .join(",")})`,
);

/** Queues a send's expiry inside the sending transaction: both commit or neither. */
export async function enqueueExpiry(tx: Executor, job: ExpiryJob): Promise<void> {
  const boss = getQueue();
  if (!boss) throw new Error("The job queue is not running in this process");
  // Both drivers' execute() resolve to rows pg-boss can read; the generic Executor type just cannot say so.
  const db = fromDrizzle(tx as unknown as DrizzleTransactionLike, sql);
  await boss.send(EXPIRY_QUEUE, job, { startAfter: new Date(job.at), singletonKey: job.batchId, db });
}

type Expired = {
  id: string;
  tenant_id: string;
  user_id: string;
  change_seq: string | number;
  was: NotificationStatus;
};

/**
 * Expires up to `limit` due rows matching `where` in one transaction: the recipients' counters are
 * locked in user order (as every writer does), each row takes the next change position of its
 * recipient (so reconnecting clients replay the removal) and its still-queued deliveries are
 * cancelled. Returns the rows that changed.
 */
async function expireSome(db: Db, where: SQL, limit: number): Promise<Expired[]> {
  const now = clock().now().toISOString();
  return db.transaction(async (tx) => {
    const due = rowsOf<{ id: string; user_id: string }>(
      await tx.execute(sql`
        select id, user_id from notifications
        where expires_at is not null and deleted_at is null and status ${liveSql}
          and expires_at <= ${now}::timestamptz and ${where}
        order by expires_at limit ${limit}`),
    );
    if (due.length === 0) return [];
    const ids = due.map((d) => d.id);
    const userIds = [...new Set(due.map((d) => d.user_id))];
    await tx.execute(
      sql`select 1 from user_counters where user_id = any(${sql.param(userIds)}::uuid[]) order by user_id for update`,
    );
    const expired = rowsOf<Expired>(
      await tx.execute(sql`
        with target as (
          select id, user_id, status,
            row_number() over (partition by user_id order by seq) as rn,
            count(*) over (partition by user_id) as n
          from notifications
          where id = any(${sql.param(ids)}::uuid[]) and deleted_at is null and status ${liveSql}
        ),
        counters as (
          update user_counters c set change_seq = c.change_seq + t.n
          from (select distinct user_id, n from target) t where c.user_id = t.user_id
          returning c.user_id, c.change_seq
        )
        update notifications x
        set status = ${EXPIRED_STATUS}, change_seq = counters.change_seq - target.n + target.rn, updated_at = now()
        from target join counters on counters.user_id = target.user_id
        where x.id = target.id
        returning x.id, x.tenant_id, x.user_id, x.change_seq, target.status as was`),
    );
    if (expired.length > 0) {
      const cancelled = "cancelled";
      await tx.execute(sql`
        update deliveries set status = ${cancelled}, reason = ${EXPIRED_STATUS}, updated_at = now()
        where notification_id = any(${sql.param(expired.map((e) => e.id))}::uuid[])
          and status = any(${sql.param(unclaimedSourcesOf(cancelled))}::text[])`);
    }
    return expired;
  });
}

/** Live clients drop the rows (as for a recall: no webhook), with each recipient's new badge. */
async function publishExpired(db: Db, expired: Expired[]): Promise<void> {
  const byOwner = new Map<string, { tenantId: string; userId: string; removed: Expired[] }>();
  // A row still pending was never in an inbox: nothing to tell.
  for (const e of expired.filter((x) => isVisible(x.was))) {
    const key = `${e.tenant_id}:${e.user_id}`;
    const entry = byOwner.get(key) ?? { tenantId: e.tenant_id, userId: e.user_id, removed: [] };
    entry.removed.push(e);
    byOwner.set(key, entry);
  }
  for (const { tenantId, userId, removed } of byOwner.values()) {
    await publishChanges(
      db,
      { tenantId, userId },
      "recalled",
      removed.map((r) => ({ id: r.id, change_seq: Number(r.change_seq) })),
    );
  }
}

/** Expires every due row matching `where`, `batch` at a time. Returns how many expired. */
async function expireWhere(db: Db, where: SQL, batch = EXPIRY_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await expireSome(db, where, batch);
    if (expired.length === 0) return total;
    total += expired.length;
    metrics().notificationsExpired.inc(expired.length);
    await publishExpired(db, expired);
    if (expired.length < batch) return total;
  }
}

/**
 * The job at a send's expires_at. Run early by the clock (the queue's time is the database's), it
 * queues itself again for that time. Returns how many of the batch's notifications expired.
 */
export async function runExpiryJob(db: Db, job: ExpiryJob): Promise<number> {
  if (clock().now() < new Date(job.at)) {
    await db.transaction((tx) => enqueueExpiry(tx, job));
    return 0;
  }
  return expireWhere(db, sql`tenant_id = ${job.tenantId}::uuid and batch_id = ${job.batchId}::uuid`);
}

/** The periodic sweep: every row past its expires_at whose job was lost (or that had none). */
export function sweepExpired(db: Db, batch = EXPIRY_BATCH): Promise<number> {
  return expireWhere(db, sql`true`, batch);
}
