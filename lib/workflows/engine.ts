// Executing a run's steps: one job per (run, step). Under the run's row lock, the step's row (its
// primary key is the at-most-once guarantee), its effects and the next step's job commit together.
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { audit, type Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import {
  deliveries,
  notifications,
  tenants,
  users,
  workflowRuns,
  workflowRunSteps,
  workflows,
  workflowTriggers,
  workflowVersions,
  type WorkflowRunStatus,
  type WorkflowStepMessage,
  type WorkflowStepOutcome,
  type WorkflowStepStatus,
} from "../db/schema";
import type { ChannelStep, WorkflowStep } from "../db/schema/workflows";
import { clock } from "../clock";
import { DomainError } from "../errors";
import { bus } from "../events";
import { listByIds } from "../notifications/inbox";
import { notificationJson } from "../notifications/serialize";
import { initialNotificationStatus } from "../notifications/status";
import { insertNotifications } from "../notifications/store";
import { decide } from "../preferences/decide";
import { loadPreferences } from "../preferences/store";
import { enqueueJobs, jobFor } from "../queue/deliveries";
import { compileField, renderField, TemplateRenderError } from "../templates/engine";
import { userScope } from "../templates/render";
import { INITIAL_DELIVERY_STATUS, unclaimedSourcesOf } from "../vocabulary/delivery-status";
import type { ExternalChannel } from "../vocabulary/enums";
import {
  assertTransition,
  INITIAL_RUN_STATUS,
  isLive,
  RUN_CANCELLED,
  RUN_COMPLETED,
  RUN_FAILED,
  sourcesOf,
  STEP,
  TRIGGER,
  WAITING,
} from "../vocabulary/workflow-run-status";
import { compileCondition, type ConditionResult } from "./conditions";
import { enqueueSteps, stepJobFor, type StepJob } from "./jobs";
import { renderExternal, renderInApp } from "./render";
import { conditionContext, type RunScope, type StepRecord } from "./scope";
import { isChannelStepType, stepChannel } from "./steps";
import { getWorkflow } from "./store";
import { wakeTimeOf } from "./wake";

type RunRow = typeof workflowRuns.$inferSelect;
type UserRow = typeof users.$inferSelect;

/**
 * What a step job did: `stale` (the run is over, cancelled, or past this step), `early` (a delay's
 * continuation before wake_at by the clock: the sweeper enqueues it again when due), `duplicate`
 * (the step's row exists: it ran already), or `executed` with the step's status and the run's.
 */
export type StepJobOutcome =
  | { outcome: "stale" | "early" | "duplicate" }
  | { outcome: "executed"; step: WorkflowStepStatus; run: WorkflowRunStatus };

const MISSING_USER: Partial<UserRow> = {};

function personOf(u: Partial<UserRow> | undefined) {
  return userScope(u ?? MISSING_USER);
}

/** Moves the locked run to `to` (or keeps its status) and sets the other fields given. */
async function updateRun(
  tx: Executor,
  run: RunRow,
  to: WorkflowRunStatus,
  fields: Partial<typeof workflowRuns.$inferInsert>,
): Promise<void> {
  if (to !== run.status) assertTransition(run.status, to);
  await tx
    .update(workflowRuns)
    .set({ status: to, ...fields })
    .where(
      and(
        eq(workflowRuns.id, run.id),
        to === run.status ? eq(workflowRuns.status, run.status) : inArray(workflowRuns.status, sourcesOf(to)),
      ),
    );
}

/** Earlier steps' rows with their notification's read and seen state, for a condition. */
async function earlierSteps(tx: Executor, runId: string): Promise<StepRecord[]> {
  const rows = await tx
    .select({
      stepId: workflowRunSteps.stepId,
      status: workflowRunSteps.status,
      readAt: notifications.readAt,
      seenAt: notifications.seenAt,
      notificationId: notifications.id,
    })
    .from(workflowRunSteps)
    .leftJoin(
      notifications,
      sql`${notifications.id} = (${workflowRunSteps.outcome}->>'notification_id')::uuid`,
    )
    .where(eq(workflowRunSteps.runId, runId));
  return rows.map((r) => ({
    stepId: r.stepId,
    status: r.status,
    notification: r.notificationId ? { readAt: r.readAt, seenAt: r.seenAt } : null,
  }));
}

async function loadScope(tx: Executor, run: RunRow) {
  const [version] = await tx
    .select({ definition: workflowVersions.definition, key: workflows.key })
    .from(workflowVersions)
    .innerJoin(workflows, eq(workflows.id, workflowVersions.workflowId))
    .where(eq(workflowVersions.id, run.versionId));
  const people = await tx
    .select()
    .from(users)
    .where(inArray(users.id, run.actorUserId ? [run.userId, run.actorUserId] : [run.userId]));
  const [tenant] = await tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name })
    .from(tenants)
    .where(eq(tenants.id, run.tenantId));
  const user = people.find((p) => p.id === run.userId);
  const actor = run.actorUserId ? people.find((p) => p.id === run.actorUserId) : undefined;
  const scope: RunScope = {
    payload: run.payload,
    user: personOf(user),
    actor: run.actorUserId ? personOf(actor) : null,
    tenant: tenant!,
    digest: null,
  };
  return { definition: version!.definition, key: version!.key, user, scope };
}

/** A failure that is the workflow's (a template gone, a variable missing, a render limit): the step's outcome. */
function stepFailure(err: unknown): string | null {
  if (err instanceof TemplateRenderError) return `${err.field}: ${err.reason}`;
  if (err instanceof DomainError && (err.code === "invalid" || err.code === "not_found"))
    return err.errors?.length ? err.errors.map((e) => `${e.field} ${e.message}`).join("; ") : err.message;
  return null;
}

type Effect = {
  status: WorkflowStepStatus;
  outcome: WorkflowStepOutcome;
  message?: WorkflowStepMessage;
  /** The run after this step: go on (to the next step, now or at wakeAt), or end. */
  next: { kind: "advance"; wakeAt?: Date } | { kind: "end"; status: WorkflowRunStatus };
  published?: string[];
};

type StepContext = {
  scope: RunScope;
  user: UserRow;
  critical: boolean;
  key: string;
  category: string | null;
  now: Date;
};

async function executeChannel(
  tx: Executor,
  run: RunRow,
  step: ChannelStep,
  ctx: StepContext,
): Promise<Effect> {
  if (step.type === "in_app") {
    // The recipient's choice for this workflow or its category covers in-app too (external steps
    // are judged by the delivery pipeline when they go out).
    const prefs = (await loadPreferences(tx, run.tenantId, [run.userId])).get(run.userId);
    const workflow = { key: ctx.key, category: ctx.category, critical: ctx.critical };
    const choice = decide(prefs, { type: "info", priority: "normal", workflow }, "app", ctx.now);
    if (choice.action === "skip")
      return { status: STEP.skipped, outcome: { reason: choice.reason }, next: { kind: "advance" } };
    const content = await renderInApp(tx, run.tenantId, step, ctx.scope);
    const status = initialNotificationStatus({ scheduled: false, inApp: true });
    const [inserted] = await insertNotifications(tx, {
      tenantId: run.tenantId,
      externalIds: [ctx.user.externalId],
      title: content.title,
      content: content.content,
      type: "info",
      priority: ctx.critical ? "urgent" : "normal",
      status,
      channels: ["app"],
      metadata: {
        ...content.metadata,
        workflow: { key: ctx.key, run_id: run.id, step_id: step.id },
      },
      templateId: content.template?.id,
      templateVersion: content.template?.version,
      templateParams: content.template?.params,
      sentAt: ctx.now,
    });
    if (!inserted)
      return { status: STEP.cancelled, outcome: { reason: "user_deleted" }, next: end(RUN_CANCELLED) };
    return {
      status: STEP.completed,
      outcome: { notification_id: inserted.id },
      next: { kind: "advance" },
      published: [inserted.id],
    };
  }
  const channel = stepChannel[step.type] as ExternalChannel;
  const message = await renderExternal(tx, run.tenantId, step, ctx.scope, ctx.user);
  const [delivery] = await tx
    .insert(deliveries)
    .values({
      tenantId: run.tenantId,
      workflowRunId: run.id,
      workflowStepId: step.id,
      userId: run.userId,
      channel,
      status: INITIAL_DELIVERY_STATUS,
    })
    .returning({ id: deliveries.id });
  await enqueueJobs(tx, channel, [jobFor(delivery!.id, 1, ctx.critical ? "urgent" : "normal")]);
  return {
    status: STEP.completed,
    outcome: { delivery_ids: [delivery!.id] },
    message,
    next: { kind: "advance" },
  };
}

const end = (status: WorkflowRunStatus): Effect["next"] => ({ kind: "end", status });

async function execute(tx: Executor, run: RunRow, step: WorkflowStep, ctx: StepContext): Promise<Effect> {
  if (isChannelStepType(step.type)) return executeChannel(tx, run, step as ChannelStep, ctx);
  if (step.type === "delay") {
    let rendered: string | undefined;
    if (step.until !== undefined) {
      rendered = renderField("until", compileField("until", step.until, "text"), ctx.scope);
    }
    // The recipient's zone as do-not-disturb reads it: their preference's, else their profile's, else UTC.
    const timeZone =
      step.until_local_time !== undefined
        ? (await loadPreferences(tx, run.tenantId, [run.userId])).get(run.userId)?.timezone
        : null;
    const wake = wakeTimeOf(step, { now: ctx.now, timeZone, rendered });
    if (!wake.ok) return { status: STEP.failed, outcome: { reason: wake.reason }, next: end(RUN_FAILED) };
    return {
      status: STEP.completed,
      outcome: { wake_at: wake.at.toISOString() },
      next: { kind: "advance", wakeAt: wake.at },
    };
  }
  // Digest and throttle come with the next version of the engine.
  return { status: STEP.failed, outcome: { reason: "not supported yet" }, next: end(RUN_FAILED) };
}

function evaluate(step: WorkflowStep, scope: RunScope, earlier: StepRecord[]): ConditionResult | null {
  if (step.if === undefined) return null;
  const compiled = compileCondition(step.if);
  // Checked when the workflow was saved; a condition that no longer compiles is false.
  if (!compiled.ok) return { value: false, error: compiled.errors.join("; ") };
  return compiled.evaluate(conditionContext(scope, earlier));
}

/** The run after a step: ended, at the next step now, or waiting for the next step's wake time. */
async function advanceRun(
  tx: Executor,
  run: RunRow,
  effect: Effect,
  stepCount: number,
  now: Date,
): Promise<WorkflowRunStatus> {
  const next = run.stepIndex + 1;
  if (effect.next.kind === "end") {
    await updateRun(tx, run, effect.next.status, { completedAt: now });
    return effect.next.status;
  }
  if (next >= stepCount) {
    await updateRun(tx, run, RUN_COMPLETED, { stepIndex: next, completedAt: now });
    return RUN_COMPLETED;
  }
  const wakeAt = effect.next.wakeAt;
  if (wakeAt && wakeAt.getTime() > now.getTime()) {
    await updateRun(tx, run, WAITING, { stepIndex: next, wakeAt });
    await enqueueSteps(tx, [stepJobFor({ runId: run.id, stepIndex: next }, wakeAt)]);
    return WAITING;
  }
  await updateRun(tx, run, run.status, { stepIndex: next });
  await enqueueSteps(tx, [stepJobFor({ runId: run.id, stepIndex: next })]);
  return run.status;
}

/** The step's effect: skipped by its condition, cancelled for a deleted recipient, or executed. */
async function effectOf(
  tx: Executor,
  run: RunRow,
  step: WorkflowStep,
  loaded: Awaited<ReturnType<typeof loadScope>>,
  now: Date,
): Promise<Effect> {
  const { user, scope, definition, key } = loaded;
  if (!user || user.deletedAt)
    return { status: STEP.cancelled, outcome: { reason: "user_deleted" }, next: end(RUN_CANCELLED) };
  const condition = evaluate(step, scope, await earlierSteps(tx, run.id));
  if (condition && !condition.value)
    return { status: STEP.skipped, outcome: { condition }, next: { kind: "advance" } };
  let effect: Effect;
  try {
    const { critical, category } = definition;
    effect = await execute(tx, run, step, { scope, user, critical, category, key, now });
  } catch (err) {
    const reason = stepFailure(err);
    if (reason === null) throw err;
    effect = { status: STEP.failed, outcome: { reason }, next: end(RUN_FAILED) };
  }
  if (condition) effect.outcome.condition = condition;
  return effect;
}

/**
 * Runs step `job.stepIndex` of the run, at most once: the run's row is locked, a run that is not
 * live or is at another step is left alone, a delay's continuation waits for wake_at by the clock.
 */
export async function runWorkflowStep(
  db: Db,
  job: StepJob,
  now: Date = clock().now(),
): Promise<StepJobOutcome> {
  let published: { tenantId: string; ids: string[] } | null = null;
  const outcome = await db.transaction(async (tx): Promise<StepJobOutcome> => {
    const [locked] = await tx.select().from(workflowRuns).where(eq(workflowRuns.id, job.runId)).for("update");
    if (!locked || !isLive(locked.status) || locked.stepIndex !== job.stepIndex) return { outcome: "stale" };
    if (locked.status === WAITING && locked.wakeAt && locked.wakeAt.getTime() > now.getTime())
      return { outcome: "early" };
    let run = locked;
    if (run.status === WAITING) {
      await updateRun(tx, run, INITIAL_RUN_STATUS, { wakeAt: null });
      run = { ...run, status: INITIAL_RUN_STATUS, wakeAt: null };
    }
    const loaded = await loadScope(tx, run);
    const step = loaded.definition.steps[job.stepIndex];
    if (!step) {
      await updateRun(tx, run, RUN_COMPLETED, { completedAt: now });
      return { outcome: "executed", step: STEP.completed, run: RUN_COMPLETED };
    }
    // The step's row first: a second execution (however it got here) stops at its key.
    const claimed = await tx
      .insert(workflowRunSteps)
      .values({
        runId: run.id,
        tenantId: run.tenantId,
        stepId: step.id,
        stepIndex: job.stepIndex,
        type: step.type,
        status: STEP.completed,
        startedAt: now,
      })
      .onConflictDoNothing()
      .returning({ stepId: workflowRunSteps.stepId });
    if (claimed.length === 0) return { outcome: "duplicate" };
    const effect = await effectOf(tx, run, step, loaded, now);
    await tx
      .update(workflowRunSteps)
      .set({
        status: effect.status,
        outcome: effect.outcome,
        message: effect.message ?? null,
        finishedAt: now,
      })
      .where(and(eq(workflowRunSteps.runId, run.id), eq(workflowRunSteps.stepId, step.id)));
    const runStatus = await advanceRun(tx, run, effect, loaded.definition.steps.length, now);
    if (effect.published) published = { tenantId: run.tenantId, ids: effect.published };
    return { outcome: "executed", step: effect.status, run: runStatus };
  });
  const after = published as { tenantId: string; ids: string[] } | null;
  if (after) await publishCreated(db, after.tenantId, after.ids);
  return outcome;
}

/** After the commit, as a send does: the realtime gateway and counters listen. */
async function publishCreated(db: Db, tenantId: string, ids: string[]): Promise<void> {
  const rows = await listByIds(db, tenantId, ids);
  bus().publish("notification.created", {
    tenantId,
    userIds: rows.map((r) => r.userId),
    notificationIds: rows.map((r) => r.id),
    notifications: rows.map(notificationJson),
  });
}

/**
 * Enqueues the step job of every waiting run whose wake time has come by `now` (a job still queued
 * for the same step is not duplicated). The second line behind each delay's own delayed job.
 */
export async function wakeDueRuns(db: Db, now: Date = clock().now(), limit = 1000): Promise<number> {
  const due = await db
    .select({ id: workflowRuns.id, stepIndex: workflowRuns.stepIndex })
    .from(workflowRuns)
    .where(and(eq(workflowRuns.status, WAITING), lte(workflowRuns.wakeAt, now)))
    .limit(limit);
  if (due.length === 0) return 0;
  await enqueueSteps(
    db,
    due.map((r) => stepJobFor({ runId: r.id, stepIndex: r.stepIndex })),
  );
  return due.length;
}

/**
 * Re-enqueues the step job of running runs unchanged for `olderThanMs` (their job was lost: pg-boss
 * gave up on it, or it was deleted). A job still queued for the same step is not duplicated.
 */
export async function requeueStalledRuns(db: Db, olderThanMs = 5 * 60_000, limit = 1000): Promise<number> {
  const stalled = await db
    .select({ id: workflowRuns.id, stepIndex: workflowRuns.stepIndex })
    .from(workflowRuns)
    .where(
      and(
        eq(workflowRuns.status, INITIAL_RUN_STATUS),
        // updated_at is wall time (not the movable clock), so the database's now() judges it.
        sql`${workflowRuns.updatedAt} < now() - ${`${Math.round(olderThanMs / 1000)} seconds`}::interval`,
      ),
    )
    .limit(limit);
  await enqueueSteps(
    db,
    stalled.map((r) => stepJobFor({ runId: r.id, stepIndex: r.stepIndex })),
  );
  return stalled.length;
}

export type CancelInput = { cancellation_key: string; recipients?: string[] };

/**
 * Cancels the workflow's live runs with this cancellation key (of these recipients, when given):
 * their pending step jobs find them cancelled and do nothing, their queued deliveries are cancelled.
 * Without recipients, a topic fan-out with the key still under way stops too.
 */
export async function cancelRuns(
  db: Db,
  tenantId: string,
  key: string,
  input: CancelInput,
  actor: Actor = { type: "system", id: null },
): Promise<{ cancelled: number; run_ids: string[] }> {
  const { workflow } = await getWorkflow(db, tenantId, key);
  return db.transaction(async (tx) => {
    // A topic's fan-out still under way with this key writes no more runs (its next batch finds it
    // over). First: this waits for a batch in flight, whose runs the update below then sees.
    // Cancelling some recipients only leaves it going: their runs may yet be written.
    if (!input.recipients)
      await tx
        .update(workflowTriggers)
        .set({ status: TRIGGER.cancelled, completedAt: clock().now() })
        .where(
          and(
            eq(workflowTriggers.tenantId, tenantId),
            eq(workflowTriggers.workflowId, workflow.id),
            eq(workflowTriggers.cancellationKey, input.cancellation_key),
            eq(workflowTriggers.status, TRIGGER.fanningOut),
          ),
        );
    const recipients = input.recipients
      ? sql`and ${workflowRuns.userId} in (select id from users where tenant_id = ${tenantId}::uuid and external_id = any(${sql.param(input.recipients)}::text[]))`
      : sql``;
    const cancelled = await tx
      .update(workflowRuns)
      .set({ status: RUN_CANCELLED, wakeAt: null, completedAt: clock().now() })
      .where(
        and(
          eq(workflowRuns.tenantId, tenantId),
          eq(workflowRuns.workflowId, workflow.id),
          eq(workflowRuns.cancellationKey, input.cancellation_key),
          inArray(workflowRuns.status, sourcesOf(RUN_CANCELLED)),
          sql`true ${recipients}`,
        ),
      )
      .returning({ id: workflowRuns.id });
    const ids = cancelled.map((r) => r.id);
    if (ids.length > 0) {
      const to = "cancelled";
      await tx
        .update(deliveries)
        .set({ status: to, reason: "cancelled" })
        .where(
          and(inArray(deliveries.workflowRunId, ids), inArray(deliveries.status, unclaimedSourcesOf(to))),
        );
    }
    await audit(
      tx,
      tenantId,
      actor,
      "workflow.runs_cancelled",
      { type: "workflow", id: workflow.id },
      {
        key: workflow.key,
        cancellation_key: input.cancellation_key,
        cancelled: ids.length,
      },
    );
    return { cancelled: ids.length, run_ids: ids };
  });
}
