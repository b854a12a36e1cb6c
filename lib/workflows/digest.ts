// The state digest and throttle steps share across runs. A digest's join-or-open is one upsert on
// its open window's unique index, so racing runs of one (workflow, recipient, key) make exactly one
// owner; a throttle counts its passes under an advisory lock on the key.
import { createHash } from "node:crypto";
import { and, desc, eq, gt, inArray, lt, lte, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "../db/client";
import { workflowDigests, workflowRunSteps, workflowThrottlePasses } from "../db/schema";
import type { DigestStep, ThrottleStep } from "../db/schema/workflows";
import { durationSeconds } from "../http/durations";
import { enqueueSteps, stepJobFor } from "./jobs";
import type { DigestScope } from "./scope";

/** How many payloads a digest keeps for `digest.events` (newest first). */
export const DIGEST_EVENTS_KEPT = 10;

/** A rendered key longer than this is stored as its hash: an index entry has a size limit. */
export const MAX_STORED_KEY = 200;

/** The key a digest or throttle row stores for a rendered key: itself, or `sha256:<hex>` when long. */
export function storedKey(rendered: string): string {
  if (rendered.length <= MAX_STORED_KEY) return rendered;
  return `sha256:${createHash("sha256").update(rendered).digest("hex")}`;
}

/** Who is at a step: the run, its tenant, workflow and recipient. */
export type StepSubject = {
  runId: string;
  tenantId: string;
  workflowId: string;
  userId: string;
  stepIndex: number;
};

export type DigestEntry =
  | { role: "opened"; id: string; count: number; closesAt: Date; closed: boolean }
  | { role: "joined"; id: string; count: number; ownerRunId: string; closed: boolean };

/**
 * Opens the digest window of (workflow, recipient, step, key) with this run as its owner, or joins
 * the one open. The join that reaches max_events closes the window and queues the owner's
 * continuation now. An event arriving after closes_at but before the owner's job closed the window
 * still joins it: it is part of the digest the owner sends.
 */
export async function joinOrOpenDigest(
  tx: Executor,
  at: StepSubject,
  step: DigestStep,
  input: { key: string; payload: Record<string, unknown>; now: Date; closesAt: Date },
): Promise<DigestEntry> {
  const { key } = input;
  // ISO strings, not Dates: both drivers pass them to a raw statement alike.
  const now = input.now.toISOString();
  const closesAt = input.closesAt.toISOString();
  const payload = JSON.stringify(input.payload);
  const fullOnOpen = step.max_events <= 1;
  const [row] = rowsOf<{
    id: string;
    owner_run_id: string;
    event_count: number;
    closes_at: string | Date;
    status: string;
    step_index: number;
  }>(
    await tx.execute(sql`
      insert into workflow_digests as d (tenant_id, workflow_id, user_id, step_id, step_index, key,
        status, owner_run_id, opened_at, closes_at, event_count, events, first_event, last_event,
        closed_at, close_reason)
      values (${at.tenantId}::uuid, ${at.workflowId}::uuid, ${at.userId}::uuid, ${step.id}, ${at.stepIndex},
        ${key}, ${fullOnOpen ? "closed" : "open"}, ${at.runId}::uuid, ${now}::timestamptz,
        ${closesAt}::timestamptz, 1, jsonb_build_array(${payload}::jsonb), ${payload}::jsonb,
        ${payload}::jsonb, ${fullOnOpen ? now : null}::timestamptz,
        ${fullOnOpen ? "max_events" : null}::text)
      on conflict (tenant_id, workflow_id, user_id, step_id, key) where status = 'open'
      do update set
        event_count = d.event_count + 1,
        events = jsonb_path_query_array(jsonb_build_array(excluded.last_event) || d.events,
          ${`$[0 to ${DIGEST_EVENTS_KEPT - 1}]`}::jsonpath),
        last_event = excluded.last_event,
        status = case when d.event_count + 1 >= ${step.max_events} then 'closed' else 'open' end,
        closed_at = case when d.event_count + 1 >= ${step.max_events} then ${now}::timestamptz end,
        close_reason = case when d.event_count + 1 >= ${step.max_events} then 'max_events' end
      returning id, owner_run_id, event_count, closes_at, status, step_index`),
  );
  const closed = row!.status === "closed";
  if (row!.owner_run_id === at.runId)
    return { role: "opened", id: row!.id, count: 1, closesAt: new Date(row!.closes_at), closed };
  if (closed) {
    // The owner waits for closes_at; its own job stays delayed, so this one (another singleton
    // key) wakes it now. Lost, the owner still wakes at closes_at by its wake_at. The owner's step
    // index, not this run's: it may run another version of the workflow.
    const job = stepJobFor({ runId: row!.owner_run_id, stepIndex: row!.step_index + 1 });
    await enqueueSteps(tx, [{ ...job, singletonKey: `${job.singletonKey}:full` }]);
  }
  return { role: "joined", id: row!.id, count: row!.event_count, ownerRunId: row!.owner_run_id, closed };
}

/** Whether the digest the waiting owner run waits on closed before its window ended (max_events). */
export async function isDigestClosedEarly(tx: Executor, runId: string, stepIndex: number): Promise<boolean> {
  const rows = await tx
    .select({ id: workflowDigests.id })
    .from(workflowDigests)
    .where(
      and(
        eq(workflowDigests.ownerRunId, runId),
        eq(workflowDigests.stepIndex, stepIndex - 1),
        eq(workflowDigests.status, "closed"),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

/**
 * Closes the window a waking owner run waited on (the step before `stepIndex`) if it is still open,
 * and writes the digest's final count into that step's outcome, for the run's timeline.
 */
export async function closeOwnedDigest(
  tx: Executor,
  runId: string,
  stepIndex: number,
  now: Date,
): Promise<void> {
  const owned = and(eq(workflowDigests.ownerRunId, runId), eq(workflowDigests.stepIndex, stepIndex - 1));
  const [closed] = await tx
    .update(workflowDigests)
    .set({ status: "closed", closedAt: now, closeReason: "window" })
    .where(and(owned, eq(workflowDigests.status, "open")))
    .returning({ count: workflowDigests.eventCount });
  // Closed already: max_events closed it (and woke this run).
  const [digest] = closed
    ? [closed]
    : await tx.select({ count: workflowDigests.eventCount }).from(workflowDigests).where(owned);
  if (!digest) return;
  await tx
    .update(workflowRunSteps)
    .set({
      outcome: sql`jsonb_set(${workflowRunSteps.outcome}, '{digest,count}', to_jsonb(${digest.count}::int))`,
    })
    .where(and(eq(workflowRunSteps.runId, runId), eq(workflowRunSteps.stepIndex, stepIndex - 1)));
}

/** `digest` for a run's step: the latest digest it owned before `stepIndex`, closed. */
export async function digestScopeOf(
  tx: Executor,
  runId: string,
  stepIndex: number,
): Promise<DigestScope | null> {
  const [row] = await tx
    .select({
      count: workflowDigests.eventCount,
      events: workflowDigests.events,
      first: workflowDigests.firstEvent,
      last: workflowDigests.lastEvent,
    })
    .from(workflowDigests)
    .where(
      and(
        eq(workflowDigests.ownerRunId, runId),
        lt(workflowDigests.stepIndex, stepIndex),
        eq(workflowDigests.status, "closed"),
      ),
    )
    .orderBy(desc(workflowDigests.stepIndex))
    .limit(1);
  return row ?? null;
}

/**
 * Closes the open windows these (cancelled) runs own, with no continuation: the events that joined
 * them are not sent, and the row keeps them with close_reason `cancelled`. Returns how many closed.
 */
export async function closeDigestsOfCancelled(tx: Executor, runIds: string[], now: Date): Promise<number> {
  if (runIds.length === 0) return 0;
  const closed = await tx
    .update(workflowDigests)
    .set({ status: "closed", closedAt: now, closeReason: "cancelled" })
    .where(and(inArray(workflowDigests.ownerRunId, runIds), eq(workflowDigests.status, "open")))
    .returning({ id: workflowDigests.id });
  return closed.length;
}

export type ThrottleResult = { passed: boolean; count: number };

/**
 * Lets the run through when fewer than `limit` runs passed this step for (workflow, recipient, key)
 * in the window ending now, and records its pass. The advisory lock on the key serialises racing
 * runs: each counts after the one before it committed.
 */
export async function passThrottle(
  tx: Executor,
  at: StepSubject,
  step: ThrottleStep,
  key: string,
  now: Date,
): Promise<ThrottleResult> {
  const lock = `workflow-throttle:${at.workflowId}:${at.userId}:${step.id}:${key}`;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${at.tenantId}), hashtext(${lock}))`);
  const since = new Date(now.getTime() - durationSeconds(step.window) * 1000);
  const sameKey = and(
    eq(workflowThrottlePasses.tenantId, at.tenantId),
    eq(workflowThrottlePasses.workflowId, at.workflowId),
    eq(workflowThrottlePasses.userId, at.userId),
    eq(workflowThrottlePasses.stepId, step.id),
    eq(workflowThrottlePasses.key, key),
  );
  const [counted] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(workflowThrottlePasses)
    .where(and(sameKey, gt(workflowThrottlePasses.passedAt, since)));
  const count = counted?.n ?? 0;
  if (count >= step.limit) return { passed: false, count };
  // Passes out of the window no longer count: pruned here, the key keeps about `limit` rows.
  await tx.delete(workflowThrottlePasses).where(and(sameKey, lte(workflowThrottlePasses.passedAt, since)));
  await tx.insert(workflowThrottlePasses).values({
    tenantId: at.tenantId,
    workflowId: at.workflowId,
    userId: at.userId,
    stepId: step.id,
    key,
    runId: at.runId,
    passedAt: now,
  });
  return { passed: true, count: count + 1 };
}
