// Writing a trigger's runs: the one set-based insert every trigger shares (a list of users in the
// request, a topic's subscribers in batch jobs), and the topic fan-out's chain of batch jobs, each
// writing one page of subscribers' runs under the trigger row's lock.
import { and, eq, sql } from "drizzle-orm";
import { clock } from "../clock";
import { rowsOf, type Db, type Executor } from "../db/client";
import { workflowTriggers } from "../db/schema";
import { insertJobs } from "../queue/deliveries";
import { subscriberPage } from "../topics/store";
import { INITIAL_RUN_STATUS, TRIGGER } from "../vocabulary/workflow-run-status";
import { enqueueSteps, stepJobsFor } from "./jobs";

export const TRIGGER_FANOUT_QUEUE = "workflow-fanout";
/** Subscribers per batch job: one transaction writes their runs and first step jobs. */
export const TRIGGER_FANOUT_BATCH_SIZE = 1000;

/** One batch: the topic's subscribers after `after` (null: from the start). */
export type TriggerFanoutJob = { tenantId: string; triggerId: string; after: string | null };
export type TriggerFanoutOutcome = "continued" | "completed" | "stale";

export type WorkflowTriggerRow = typeof workflowTriggers.$inferSelect;

/**
 * Writes one `running` run of the trigger per live user of `userIds` (internal ids) with its first
 * step job; deleted users, and the actor when the trigger excludes them, get none. Everything but
 * the recipient comes from the trigger's row. A user who has a run of this trigger already is left
 * alone (the unique (trigger, user) key), so a batch written twice writes nothing the second time.
 */
export async function insertRuns(
  tx: Executor,
  trigger: Pick<WorkflowTriggerRow, "id" | "tenantId">,
  userIds: string[],
): Promise<{ id: string; user_id: string }[]> {
  if (userIds.length === 0) return [];
  const runs = rowsOf<{ id: string; user_id: string }>(
    await tx.execute(sql`
      insert into workflow_runs (tenant_id, workflow_id, version_id, user_id, actor_user_id, payload,
        status, step_index, cancellation_key, trigger_id)
      select t.tenant_id, t.workflow_id, t.version_id, u.id, t.actor_user_id, t.payload,
        ${INITIAL_RUN_STATUS}::text, 0, t.cancellation_key, t.id
      from workflow_triggers t
      -- A join with unnest, not = any(array): planning = any over 10,000 elements costs more than the insert.
      cross join unnest(${sql.param(userIds)}::uuid[]) as i(id)
      join users u on u.id = i.id and u.tenant_id = t.tenant_id and u.deleted_at is null
      where t.id = ${trigger.id}::uuid and t.tenant_id = ${trigger.tenantId}::uuid
        and (not t.exclude_actor or t.actor_user_id is null or u.id <> t.actor_user_id)
      order by u.id
      on conflict (trigger_id, user_id) do nothing
      returning id, user_id`),
  );
  await enqueueSteps(
    tx,
    stepJobsFor(
      runs.map((r) => r.id),
      0,
    ),
  );
  return runs;
}

/** Queues fan-out batches inside the caller's transaction: each commits with the cursor it expects. */
export async function enqueueFanoutBatches(tx: Executor, jobs: TriggerFanoutJob[]): Promise<void> {
  await insertJobs(
    tx,
    TRIGGER_FANOUT_QUEUE,
    jobs.map((job) => ({
      data: job,
      // One queued job per (trigger, cursor) (the queue's "short" policy): a re-enqueue is a no-op.
      singletonKey: `${job.triggerId}:${job.after ?? "start"}`,
      // A worker that dies mid-batch has written nothing (one transaction): pg-boss runs it again.
      retryLimit: 5,
      retryDelay: 5,
      retryBackoff: true,
    })),
  );
}

/**
 * Queues again the next batch of every fan-out that has not moved for `olderThanMs` (its job was
 * lost: pg-boss gave up on it, or it was deleted). A batch still queued is not duplicated; one that
 * runs meanwhile moves the cursor, and the job queued here then finds itself stale.
 */
export async function requeueStalledFanouts(db: Db, olderThanMs = 5 * 60_000, limit = 100): Promise<number> {
  const stalled = await db
    .select({
      tenantId: workflowTriggers.tenantId,
      triggerId: workflowTriggers.id,
      after: workflowTriggers.cursor,
    })
    .from(workflowTriggers)
    .where(
      and(
        eq(workflowTriggers.status, TRIGGER.fanningOut),
        // updated_at is wall time (not the movable clock), so the database's now() judges it.
        sql`${workflowTriggers.updatedAt} < now() - ${`${Math.round(olderThanMs / 1000)} seconds`}::interval`,
      ),
    )
    .limit(limit);
  await enqueueFanoutBatches(db, stalled);
  return stalled.length;
}

/**
 * One batch: under the trigger row's lock, only if it is still fanning out from the cursor this
 * job was queued with (a duplicated or retried job whose first run committed finds it moved on and
 * does nothing), writes the runs of the next `batchSize` subscribers — those subscribed now — then
 * moves the cursor and queues the next batch, or marks the trigger completed.
 */
export async function runTriggerFanoutBatch(
  db: Db,
  job: TriggerFanoutJob,
  batchSize = TRIGGER_FANOUT_BATCH_SIZE,
): Promise<{ outcome: TriggerFanoutOutcome; written: number }> {
  return db.transaction(async (tx) => {
    const [t] = await tx
      .select()
      .from(workflowTriggers)
      .where(and(eq(workflowTriggers.id, job.triggerId), eq(workflowTriggers.tenantId, job.tenantId)))
      .for("update")
      .limit(1);
    if (!t || t.status !== TRIGGER.fanningOut || !t.topicId || t.cursor !== job.after)
      return { outcome: "stale", written: 0 };
    const page = await subscriberPage(tx, t.tenantId, t.topicId, job.after, batchSize);
    const runs = await insertRuns(tx, t, page);
    // The last subscriber, not the last run: an excluded actor or a deleted user still moves it on.
    const cursor = page.at(-1) ?? job.after;
    const isLast = page.length < batchSize;
    await tx
      .update(workflowTriggers)
      .set({
        cursor,
        runsCreated: sql`${workflowTriggers.runsCreated} + ${runs.length}::int`,
        ...(isLast ? { status: TRIGGER.completed, completedAt: clock().now() } : {}),
      })
      .where(eq(workflowTriggers.id, t.id));
    if (!isLast) await enqueueFanoutBatches(tx, [{ ...job, after: cursor }]);
    return { outcome: isLast ? "completed" : "continued", written: runs.length };
  });
}
