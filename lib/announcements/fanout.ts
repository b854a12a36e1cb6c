// An announcement's extra channels (email, SMS, push, WeChat): after publish, a chain of batch jobs
// walks the audience by user id and writes each page's deliveries and their jobs, one transaction
// per page. Publishing itself stays one row update and one job, whatever the audience size.
import { and, eq, inArray, sql } from "drizzle-orm";
import { fromDrizzle, type DrizzleTransactionLike } from "pg-boss";
import { rowsOf, type Db, type Executor } from "../db/client";
import { announcements, deliveries } from "../db/schema";
import { insertDeliveries } from "../queue/deliveries";
import { env } from "../env";
import { getQueue } from "../queue/boss";
import { audiencePageSql } from "./audience";
import { announcementDeliveryFacts } from "./message";
import type { AnnouncementChannel } from "./schema";
import { isActive, type AnnouncementRow, type DeliveryCountRow } from "./serialize";

export const FANOUT_QUEUE = "announcement-fanout";
/** One batch: the audience users after `after` (null: from the start). */
export type FanoutJob = { tenantId: string; announcementId: string; after: string | null };
export type FanoutOutcome = "continued" | "complete" | "stopped" | "stale";

async function enqueueBatch(tx: Executor, job: FanoutJob): Promise<void> {
  const boss = getQueue();
  if (!boss) throw new Error("The job queue is not running in this process");
  const db = fromDrizzle(tx as unknown as DrizzleTransactionLike, sql);
  // A worker that dies mid-batch has written nothing (one transaction): pg-boss runs the job again.
  await boss.send(FANOUT_QUEUE, job, {
    db,
    singletonKey: `${job.announcementId}:${job.after ?? "start"}`,
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
  });
}

/**
 * Inside the publish transaction: marks the fan-out running from the start and queues its first
 * batch. Nothing to do without extra channels.
 */
export async function startFanout(tx: Executor, row: AnnouncementRow): Promise<AnnouncementRow> {
  if (row.channels.length === 0) return row;
  const [after] = await tx
    .update(announcements)
    .set({ fanoutStatus: "running", fanoutCursor: null, fanoutFinishedAt: null })
    .where(eq(announcements.id, row.id))
    .returning();
  await enqueueBatch(tx, { tenantId: row.tenantId, announcementId: row.id, after: null });
  return after!;
}

/**
 * Column values that stop a running fan-out, for the archive and delete updates: the next batch
 * finds it not running and queues no other. Deliveries already queued are cancelled by the worker
 * when their turn comes (it checks the announcement), so archiving stays one row update.
 */
export const stopFanout = {
  fanoutStatus: sql<"stopped">`case when ${announcements.fanoutStatus} = 'running' then 'stopped' else ${announcements.fanoutStatus} end`,
  fanoutFinishedAt: sql<Date>`case when ${announcements.fanoutStatus} = 'running' then now() else ${announcements.fanoutFinishedAt} end`,
};

/**
 * One batch: under the announcement's row lock, only if the fan-out is still running from the
 * cursor this job was queued with (a retried job whose first run committed finds it moved on and
 * does nothing), writes the deliveries of the next `batchSize` audience users and their jobs, then
 * moves the cursor and queues the next batch — or marks the fan-out complete. An announcement
 * that stopped showing (archived, deleted, expired) stops its fan-out here.
 */
export async function runFanoutBatch(
  db: Db,
  job: FanoutJob,
  batchSize = env().ANNOUNCEMENT_BATCH_SIZE,
): Promise<{ outcome: FanoutOutcome; written: number }> {
  return db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(announcements)
      .where(and(eq(announcements.id, job.announcementId), eq(announcements.tenantId, job.tenantId)))
      .for("update")
      .limit(1);
    if (!a || a.fanoutStatus !== "running" || a.fanoutCursor !== job.after)
      return { outcome: "stale", written: 0 };
    const where = eq(announcements.id, a.id);
    if (!isActive(a)) {
      await tx
        .update(announcements)
        .set({ fanoutStatus: "stopped", fanoutFinishedAt: sql`now()` })
        .where(where);
      return { outcome: "stopped", written: 0 };
    }
    const page = rowsOf<{ id: string }>(
      await tx.execute(audiencePageSql(a.tenantId, a.audience, job.after, batchSize)),
    );
    const written =
      page.length === 0
        ? 0
        : await insertDeliveries(tx, {
            recipients: sql`select ${a.tenantId}::uuid as tenant_id, null::uuid as notification_id,
              ${a.id}::uuid as announcement_id, r.id as user_id
              from unnest(${sql.param(page.map((p) => p.id))}::uuid[]) as r(id)`,
            channels: a.channels as AnnouncementChannel[],
            priority: announcementDeliveryFacts(a.severity).priority,
            // The unique (announcement, user, channel) key: a second line of defence against sending twice.
            skipExisting: true,
          });
    const cursor = page.at(-1)?.id ?? job.after;
    const isLast = page.length < batchSize;
    await tx
      .update(announcements)
      .set(
        isLast
          ? { fanoutCursor: cursor, fanoutStatus: "complete", fanoutFinishedAt: sql`now()` }
          : { fanoutCursor: cursor },
      )
      .where(where);
    if (!isLast) await enqueueBatch(tx, { ...job, after: cursor });
    return { outcome: isLast ? "complete" : "continued", written };
  });
}

/** The announcement's delivery counts by channel and status, for many at once (one query). */
export async function deliveryCountsOf(
  db: Executor,
  tenantId: string,
  rows: AnnouncementRow[],
): Promise<Map<string, DeliveryCountRow[]>> {
  // Only a fan-out that started has deliveries: the others cost no query.
  const ids = rows.filter((r) => r.fanoutStatus !== null).map((r) => r.id);
  const out = new Map<string, DeliveryCountRow[]>();
  if (ids.length === 0) return out;
  const counts = await db
    .select({
      announcementId: deliveries.announcementId,
      channel: deliveries.channel,
      status: deliveries.status,
      n: sql<number>`count(*)::int`,
    })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.tenantId, tenantId),
        inArray(deliveries.announcementId, ids),
        sql`${deliveries.announcementId} is not null`,
      ),
    )
    .groupBy(deliveries.announcementId, deliveries.channel, deliveries.status);
  for (const c of counts) {
    const list = out.get(c.announcementId!) ?? [];
    list.push({ channel: c.channel, status: c.status, n: Number(c.n) });
    out.set(c.announcementId!, list);
  }
  return out;
}
