// Retention: notifications older than their tenant's retention_days (or RETENTION_DAYS) are
// hard-deleted with their deliveries (and, by its foreign key, their delivery attempts), a small
// batch per statement so no lock is held for long and concurrent sends never wait on it.
import { sql } from "drizzle-orm";
import { clock } from "../clock";
import { rowsOf, type Db } from "../db/client";
import { tenants } from "../db/schema";
import { env } from "../env";
import { logger } from "../log";
import { metrics } from "../metrics";
import { getTenantSettings } from "../tenants/settings";

export const RETENTION_QUEUE = "retention";
export const RETENTION_CRON = "17 * * * *";
/** Notifications per statement: measured in bench/partitions.ts (docs/PERFORMANCE.md). */
export const RETENTION_BATCH = 2_000;

const DAY_MS = 24 * 60 * 60 * 1000;

export type RetentionResult = { notifications: number; deliveries: number; batches: number };

export type RetentionBatch = { notifications: number; deliveries: number; last: string | null };

/**
 * One statement: up to `batch` of the tenant's notifications created before `cutoff` (and at or
 * after `from`, where the batch before ended) and their deliveries.
 */
export async function deleteBatch(
  db: Db,
  tenantId: string,
  cutoff: Date,
  from: string | null,
  batch = RETENTION_BATCH,
): Promise<RetentionBatch> {
  const after = from === null ? sql`` : sql`and created_at >= ${from}::timestamptz`;
  // NULLS FIRST: the order notifications_tenant_created_idx (created_at DESC NULLS LAST) gives read
  // backwards, so a batch is an index range scan that stops at `batch`, never a sort of every old row.
  // SKIP LOCKED: a row someone is changing right now is left for the next run instead of waited for.
  const [row] = rowsOf<{ notifications: string | number; deliveries: string | number; last: string | null }>(
    await db.execute(sql`
      with doomed as (
        select id from notifications
        where tenant_id = ${tenantId}::uuid and created_at < ${cutoff.toISOString()}::timestamptz ${after}
        order by created_at asc nulls first limit ${batch} for update skip locked
      ),
      gone_deliveries as (
        delete from deliveries d using doomed where d.notification_id = doomed.id returning d.id
      ),
      gone as (
        delete from notifications n using doomed where n.id = doomed.id returning n.id, n.created_at
      )
      select (select count(*) from gone) as notifications, (select count(*) from gone_deliveries) as deliveries,
        (select max(created_at) from gone)::text as last`),
  );
  return { notifications: Number(row!.notifications), deliveries: Number(row!.deliveries), last: row!.last };
}

/** Deletes one tenant's notifications created before `cutoff`, `batch` at a time. */
export async function deleteOlderThan(
  db: Db,
  tenantId: string,
  cutoff: Date,
  batch = RETENTION_BATCH,
): Promise<RetentionResult> {
  const result: RetentionResult = { notifications: 0, deliveries: 0, batches: 0 };
  // Each batch starts where the one before ended, so it does not walk again over the index entries of
  // the rows already deleted (dead until vacuumed).
  let from: string | null = null;
  for (;;) {
    const r = await deleteBatch(db, tenantId, cutoff, from, batch);
    if (r.notifications === 0) return result;
    result.notifications += r.notifications;
    result.deliveries += r.deliveries;
    result.batches += 1;
    if (r.notifications < batch) return result;
    from = r.last;
  }
}

/** The retention a tenant's rows get: its own setting, else the server's default (null: forever). */
export function retentionDaysOf(settings: { retention_days: number | null }): number | null {
  return settings.retention_days ?? env().RETENTION_DAYS ?? null;
}

/** The periodic job: every tenant with a retention, one after the other. */
export async function runRetention(db: Db, batch = RETENTION_BATCH): Promise<RetentionResult> {
  const total: RetentionResult = { notifications: 0, deliveries: 0, batches: 0 };
  const all = await db.select({ id: tenants.id }).from(tenants);
  for (const { id } of all) {
    const days = retentionDaysOf(await getTenantSettings(db, id));
    if (days === null) continue;
    const cutoff = new Date(clock().now().getTime() - days * DAY_MS);
    const r = await deleteOlderThan(db, id, cutoff, batch);
    if (r.notifications === 0) continue;
    logger().info({ tenantId: id, days, ...r }, "retention deleted old notifications");
    total.notifications += r.notifications;
    total.deliveries += r.deliveries;
    total.batches += r.batches;
  }
  metrics().retentionDeleted.inc({ table: "notifications" }, total.notifications);
  metrics().retentionDeleted.inc({ table: "deliveries" }, total.deliveries);
  return total;
}
