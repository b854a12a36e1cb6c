// Executing runs' steps: a job carries a batch of runs at one step. Under the runs' row locks, each
// step's row (its primary key is the at-most-once guarantee), its effects and the next step's job
// commit together; the batch's reads and writes are one statement each, whatever its size.
import { traceCarrier } from "../telemetry/tracing";
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
import type {
  ChannelStep,
  DigestStep,
  ThrottleStep,
  WorkflowDefinition,
  WorkflowStep,
} from "../db/schema/workflows";
import { clock } from "../clock";
import { DomainError } from "../errors";
import { bus } from "../events";
import { listByIds } from "../notifications/inbox";
import { notificationJson } from "../notifications/serialize";
import { initialNotificationStatus } from "../notifications/status";
import { insertNotifications } from "../notifications/store";
import { notificationTtlDaysOf } from "../tenants/settings";
import { decide, workflowChoice, type UserPreferences } from "../preferences/decide";
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
  RUN_THROTTLED,
  sourcesOf,
  STEP,
  TRIGGER,
  WAITING,
} from "../vocabulary/workflow-run-status";
import { compileCondition, type ConditionResult } from "./conditions";
import {
  closeDigestsOfCancelled,
  closeOwnedDigest,
  digestScopeOf,
  isDigestClosedEarly,
  joinOrOpenDigest,
  passThrottle,
  storedKey,
  type StepSubject,
} from "./digest";
import { enqueueSteps, stepJobFor, stepJobsFor, unitsOf, type StepJob, type StepJobData } from "./jobs";
import { renderExternal, renderInApp } from "./render";
import { conditionContext, type RunScope, type StepRecord } from "./scope";
import { isChannelStepType, stepChannel } from "./steps";
import { getWorkflow } from "./store";
import { digestClosesAt, wakeTimeOf } from "./wake";

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

/** Earlier steps' rows of these runs, with their notification's read and seen state, by run. */
async function earlierSteps(tx: Executor, runIds: string[]): Promise<Map<string, StepRecord[]>> {
  const rows = await tx
    .select({
      runId: workflowRunSteps.runId,
      stepId: workflowRunSteps.stepId,
      status: workflowRunSteps.status,
      readAt: notifications.readAt,
      seenAt: notifications.seenAt,
      archivedAt: notifications.archivedAt,
      notificationId: notifications.id,
    })
    .from(workflowRunSteps)
    .leftJoin(
      notifications,
      sql`${notifications.id} = (${workflowRunSteps.outcome}->>'notification_id')::uuid`,
    )
    .where(inArray(workflowRunSteps.runId, runIds));
  const byRun = new Map<string, StepRecord[]>();
  for (const r of rows) {
    const list = byRun.get(r.runId) ?? [];
    list.push({
      stepId: r.stepId,
      status: r.status,
      notification: r.notificationId
        ? { readAt: r.readAt, seenAt: r.seenAt, archivedAt: r.archivedAt }
        : null,
    });
    byRun.set(r.runId, list);
  }
  return byRun;
}

type Version = { definition: WorkflowDefinition; key: string };

// Versions never change once written, so every worker keeps the ones it has read.
const versionCache = new Map<string, Version>();
const VERSION_CACHE_SIZE = 500;

async function loadVersions(tx: Executor, ids: string[]): Promise<Map<string, Version>> {
  const missing = ids.filter((id) => !versionCache.has(id));
  if (missing.length > 0) {
    const rows = await tx
      .select({ id: workflowVersions.id, definition: workflowVersions.definition, key: workflows.key })
      .from(workflowVersions)
      .innerJoin(workflows, eq(workflows.id, workflowVersions.workflowId))
      .where(inArray(workflowVersions.id, missing));
    for (const r of rows) {
      if (versionCache.size >= VERSION_CACHE_SIZE) versionCache.delete(versionCache.keys().next().value!);
      versionCache.set(r.id, { definition: r.definition, key: r.key });
    }
  }
  return new Map(ids.map((id) => [id, versionCache.get(id)!]));
}

type Loaded = Version & { user: UserRow | undefined; scope: RunScope };

/**
 * What the runs of one batch read before their steps: versions, people and tenants, one statement
 * each for all of them; preferences and earlier steps on first need, also for all of them at once.
 */
async function loadBatch(tx: Executor, runs: RunRow[]) {
  const versions = await loadVersions(tx, [...new Set(runs.map((r) => r.versionId))]);
  const people = new Map(
    (
      await tx
        .select()
        .from(users)
        .where(
          inArray(users.id, [
            ...new Set(runs.flatMap((r) => (r.actorUserId ? [r.userId, r.actorUserId] : [r.userId]))),
          ]),
        )
    ).map((u) => [u.id, u]),
  );
  const tenantRows = await tx
    .select({ id: tenants.id, slug: tenants.slug, name: tenants.name })
    .from(tenants)
    .where(inArray(tenants.id, [...new Set(runs.map((r) => r.tenantId))]));
  const tenantOf = new Map(tenantRows.map((t) => [t.id, t]));
  // A person is read only within the run's own tenant.
  const person = (run: RunRow, id: string | null) => {
    const u = id ? people.get(id) : undefined;
    return u && u.tenantId === run.tenantId ? u : undefined;
  };
  const loaded = new Map<string, Loaded>();
  for (const run of runs) {
    const user = person(run, run.userId);
    const version = versions.get(run.versionId)!;
    // Only a run past a digest step reads one.
    const afterDigest = version.definition.steps.slice(0, run.stepIndex).some((s) => s.type === "digest");
    const scope: RunScope = {
      payload: run.payload,
      user: personOf(user),
      actor: run.actorUserId ? personOf(person(run, run.actorUserId)) : null,
      tenant: tenantOf.get(run.tenantId)!,
      digest: afterDigest ? await digestScopeOf(tx, run.id, run.stepIndex) : null,
    };
    loaded.set(run.id, { ...version, user, scope });
  }
  const prefsByTenant = new Map<string, Promise<Map<string, UserPreferences>>>();
  const prefs = (run: RunRow): Promise<UserPreferences | undefined> => {
    let all = prefsByTenant.get(run.tenantId);
    if (!all) {
      const ids = runs.filter((r) => r.tenantId === run.tenantId).map((r) => r.userId);
      all = loadPreferences(tx, run.tenantId, [...new Set(ids)]);
      prefsByTenant.set(run.tenantId, all);
    }
    return all.then((m) => m.get(run.userId));
  };
  let earlier: Promise<Map<string, StepRecord[]>> | null = null;
  const stepsBefore = async (run: RunRow): Promise<StepRecord[]> => {
    earlier ??= earlierSteps(
      tx,
      runs.map((r) => r.id),
    );
    return (await earlier).get(run.id) ?? [];
  };
  return { loaded, prefs, stepsBefore };
}

type Batch = Awaited<ReturnType<typeof loadBatch>>;

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
  /** An in-app notification to write: the batch's are written together, then the effect completed. */
  inApp?: InAppRow;
};

type InAppRow = {
  externalId: string;
  title: string;
  content: string;
  metadata: Record<string, unknown>;
  priority: "urgent" | "normal";
  template?: { id: string; version: number; params: Record<string, unknown> };
  groupKey: string | null;
};

type StepContext = {
  scope: RunScope;
  user: UserRow;
  critical: boolean;
  key: string;
  category: string | null;
  now: Date;
  /** The recipient's preferences, read with the batch's other recipients' on first need. */
  prefs: () => Promise<UserPreferences | undefined>;
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
    const prefs = await ctx.prefs();
    const workflow = { key: ctx.key, category: ctx.category, critical: ctx.critical };
    const choice = decide(prefs, { type: "info", priority: "normal", workflow }, "app", ctx.now);
    if (choice.action === "skip")
      return { status: STEP.skipped, outcome: { reason: choice.reason }, next: { kind: "advance" } };
    const content = await renderInApp(tx, run.tenantId, step, ctx.scope);
    return {
      status: STEP.completed,
      outcome: {},
      next: { kind: "advance" },
      inApp: {
        externalId: ctx.user.externalId,
        title: content.title,
        content: content.content,
        metadata: { ...content.metadata, workflow: { key: ctx.key, run_id: run.id, step_id: step.id } },
        priority: ctx.critical ? "urgent" : "normal",
        template: content.template,
        groupKey: content.groupKey,
      },
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
      chatTargets: step.type === "chat" && step.chat_targets?.length ? step.chat_targets : null,
    })
    .returning({ id: deliveries.id });
  await enqueueJobs(tx, channel, [
    jobFor(delivery!.id, 1, ctx.critical ? "urgent" : "normal", undefined, traceCarrier()),
  ]);
  return {
    status: STEP.completed,
    outcome: { delivery_ids: [delivery!.id] },
    message,
    next: { kind: "advance" },
  };
}

const end = (status: WorkflowRunStatus): Effect["next"] => ({ kind: "end", status });

const subjectOf = (run: RunRow): StepSubject => ({
  runId: run.id,
  tenantId: run.tenantId,
  workflowId: run.workflowId,
  userId: run.userId,
  stepIndex: run.stepIndex,
});

/** A digest or throttle step's rendered key; without one, every run of the recipient shares "". */
function keyOf(step: DigestStep | ThrottleStep, scope: RunScope): string {
  return step.key === undefined
    ? ""
    : storedKey(renderField("key", compileField("key", step.key, "text"), scope));
}

/**
 * The first run at a digest step for its key opens the window and waits until it closes (then it
 * goes on with `digest`); a run arriving while it is open joins it and ends there, completed.
 */
async function executeDigest(tx: Executor, run: RunRow, step: DigestStep, ctx: StepContext): Promise<Effect> {
  const key = keyOf(step, ctx.scope);
  // The recipient's own cadence where the step allows one (a critical workflow ignores preferences),
  // and their zone for a schedule.
  const cadence = step.allow_user_cadence && !ctx.critical;
  const prefs = cadence || "schedule" in step.window ? await ctx.prefs() : undefined;
  const own = cadence && prefs ? workflowChoice(prefs, { ...ctx, critical: false })?.digest : undefined;
  const closesAt = digestClosesAt(own ?? step.window, ctx.now, prefs?.timezone);
  const entry = await joinOrOpenDigest(tx, subjectOf(run), step, {
    key,
    payload: run.payload,
    now: ctx.now,
    closesAt,
  });
  if (entry.role === "joined") {
    const digest = { id: entry.id, role: entry.role, owner_run_id: entry.ownerRunId, count: entry.count };
    return { status: STEP.completed, outcome: { digest }, next: end(RUN_COMPLETED) };
  }
  const digest = { id: entry.id, role: entry.role, owner_run_id: run.id, count: entry.count };
  if (entry.closed) return { status: STEP.completed, outcome: { digest }, next: { kind: "advance" } };
  return {
    status: STEP.completed,
    outcome: { digest, wake_at: entry.closesAt.toISOString() },
    next: { kind: "advance", wakeAt: entry.closesAt },
  };
}

async function executeThrottle(
  tx: Executor,
  run: RunRow,
  step: ThrottleStep,
  ctx: StepContext,
): Promise<Effect> {
  const result = await passThrottle(tx, subjectOf(run), step, keyOf(step, ctx.scope), ctx.now);
  const throttle = { limit: step.limit, count: result.count };
  if (!result.passed)
    return { status: STEP.cancelled, outcome: { reason: "throttled", throttle }, next: end(RUN_THROTTLED) };
  return { status: STEP.completed, outcome: { throttle }, next: { kind: "advance" } };
}

async function execute(tx: Executor, run: RunRow, step: WorkflowStep, ctx: StepContext): Promise<Effect> {
  if (isChannelStepType(step.type)) return executeChannel(tx, run, step as ChannelStep, ctx);
  if (step.type === "delay") {
    let rendered: string | undefined;
    if (step.until !== undefined) {
      rendered = renderField("until", compileField("until", step.until, "text"), ctx.scope);
    }
    // The recipient's zone as do-not-disturb reads it: their preference's, else their profile's, else UTC.
    const timeZone = step.until_local_time !== undefined ? (await ctx.prefs())?.timezone : null;
    const wake = wakeTimeOf(step, { now: ctx.now, timeZone, rendered });
    if (!wake.ok) return { status: STEP.failed, outcome: { reason: wake.reason }, next: end(RUN_FAILED) };
    return {
      status: STEP.completed,
      outcome: { wake_at: wake.at.toISOString() },
      next: { kind: "advance", wakeAt: wake.at },
    };
  }
  if (step.type === "digest") return executeDigest(tx, run, step, ctx);
  return executeThrottle(tx, run, step as ThrottleStep, ctx);
}

function evaluate(step: WorkflowStep, scope: RunScope, earlier: StepRecord[]): ConditionResult | null {
  if (step.if === undefined) return null;
  const compiled = compileCondition(step.if);
  // Checked when the workflow was saved; a condition that no longer compiles is false.
  if (!compiled.ok) return { value: false, error: compiled.errors.join("; ") };
  return compiled.evaluate(conditionContext(scope, earlier));
}

/** The run after a step: ended, at the next step now, or waiting for the next step's wake time. */
type RunAfter = {
  status: WorkflowRunStatus;
  stepIndex: number;
  wakeAt: Date | null;
  completedAt: Date | null;
};

function runAfter(run: RunRow, effect: Effect, stepCount: number, now: Date): RunAfter {
  const next = run.stepIndex + 1;
  if (effect.next.kind === "end")
    return { status: effect.next.status, stepIndex: run.stepIndex, wakeAt: null, completedAt: now };
  const wakeAt = effect.next.wakeAt;
  // A wait as the last step is kept too: a digest's owner closes its window when it wakes.
  if (wakeAt && wakeAt.getTime() > now.getTime())
    return { status: WAITING, stepIndex: next, wakeAt, completedAt: null };
  if (next >= stepCount) return { status: RUN_COMPLETED, stepIndex: next, wakeAt: null, completedAt: now };
  return { status: run.status, stepIndex: next, wakeAt: null, completedAt: null };
}

/** The step's effect: skipped by its condition, cancelled for a deleted recipient, or executed. */
async function effectOf(
  tx: Executor,
  run: RunRow,
  step: WorkflowStep,
  loaded: Loaded,
  batch: Batch,
  now: Date,
): Promise<Effect> {
  const { user, scope, definition, key } = loaded;
  if (!user || user.deletedAt)
    return { status: STEP.cancelled, outcome: { reason: "user_deleted" }, next: end(RUN_CANCELLED) };
  const condition = step.if === undefined ? null : evaluate(step, scope, await batch.stepsBefore(run));
  if (condition && !condition.value)
    return { status: STEP.skipped, outcome: { condition }, next: { kind: "advance" } };
  let effect: Effect;
  try {
    const { critical, category } = definition;
    const prefs = () => batch.prefs(run);
    effect = await execute(tx, run, step, { scope, user, critical, category, key, now, prefs });
  } catch (err) {
    const reason = stepFailure(err);
    if (reason === null) throw err;
    effect = { status: STEP.failed, outcome: { reason }, next: end(RUN_FAILED) };
  }
  if (condition) effect.outcome.condition = condition;
  return effect;
}

/**
 * The batch's in-app notifications, one insert per tenant, priority and template version (a
 * recipient twice in a batch goes in the next insert), then each effect completed with its row or,
 * for a recipient deleted meanwhile, cancelled.
 */
async function writeInApp(
  tx: Executor,
  executed: { run: RunRow; effect: Effect }[],
  now: Date,
): Promise<void> {
  const groups = new Map<string, { run: RunRow; effect: Effect; row: InAppRow }[][]>();
  for (const { run, effect } of executed) {
    const row = effect.inApp;
    if (!row) continue;
    const k = JSON.stringify([
      run.tenantId,
      row.priority,
      row.template?.id,
      row.template?.version,
      row.groupKey,
    ]);
    const chunks = groups.get(k) ?? [];
    let chunk = chunks.find((c) => !c.some((e) => e.row.externalId === row.externalId));
    if (!chunk) chunks.push((chunk = []));
    chunk.push({ run, effect, row });
    groups.set(k, chunks);
  }
  for (const chunk of [...groups.values()].flat()) {
    const { run, row } = chunk[0]!;
    // The tenant's default lifetime applies as to a send; the minute's expiry sweep takes them out.
    const ttlDays = await notificationTtlDaysOf(tx, run.tenantId);
    const inserted = await insertNotifications(tx, {
      tenantId: run.tenantId,
      externalIds: chunk.map((e) => e.row.externalId),
      title: "",
      content: "",
      titles: chunk.map((e) => e.row.title),
      contents: chunk.map((e) => e.row.content),
      metadatas: chunk.map((e) => e.row.metadata),
      templateParamsList: row.template ? chunk.map((e) => e.row.template!.params) : undefined,
      type: "info",
      priority: row.priority,
      status: initialNotificationStatus({ scheduled: false, inApp: true }),
      channels: ["app"],
      templateId: row.template?.id,
      templateVersion: row.template?.version,
      groupKey: row.groupKey,
      sentAt: now,
      expiresAt: ttlDays === null ? null : new Date(now.getTime() + ttlDays * 24 * 60 * 60 * 1000),
    });
    const idOf = new Map(inserted.map((r) => [r.external_id, r.id]));
    for (const { effect, row: mine } of chunk) {
      const id = idOf.get(mine.externalId);
      delete effect.inApp;
      if (id) {
        effect.outcome.notification_id = id;
        effect.published = [id];
      } else {
        effect.status = STEP.cancelled;
        effect.outcome = { ...effect.outcome, reason: "user_deleted" };
        effect.next = end(RUN_CANCELLED);
      }
    }
  }
}

type Executed = { run: RunRow; step: WorkflowStep; effect: Effect; after: RunAfter };

/** The step rows' outcomes and the runs' new state, one statement each for the whole batch. */
async function writeBatch(tx: Executor, done: Executed[], now: Date): Promise<void> {
  if (done.length === 0) return;
  const steps = done.map(({ run, step, effect }) => ({
    run_id: run.id,
    step_id: step.id,
    status: effect.status,
    outcome: effect.outcome,
    message: effect.message ?? null,
  }));
  // As JSON records: one parameter however many rows, and nulls and objects travel as they are.
  await tx.execute(sql`
    update workflow_run_steps s
    set status = v.status, outcome = v.outcome, message = v.message, finished_at = ${now.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(steps)}::jsonb)
      as v(run_id uuid, step_id text, status text, outcome jsonb, message jsonb)
    where s.run_id = v.run_id and s.step_id = v.step_id`);
  const runs = done.map(({ run, after }) => {
    if (after.status !== run.status) assertTransition(run.status, after.status);
    return {
      id: run.id,
      status: after.status,
      step_index: after.stepIndex,
      wake_at: after.wakeAt?.toISOString() ?? null,
      completed_at: after.completedAt?.toISOString() ?? null,
    };
  });
  await tx.execute(sql`
    update workflow_runs r
    set status = v.status, step_index = v.step_index, wake_at = v.wake_at, completed_at = v.completed_at,
      updated_at = now()
    from jsonb_to_recordset(${JSON.stringify(runs)}::jsonb)
      as v(id uuid, status text, step_index int, wake_at timestamptz, completed_at timestamptz)
    where r.id = v.id`);
  // The runs going on: one job per next step and wake time, STEP_BATCH_SIZE runs to a job.
  const next = new Map<string, { stepIndex: number; wakeAt: Date | undefined; runIds: string[] }>();
  for (const { run, after } of done) {
    if (after.status !== INITIAL_RUN_STATUS && after.status !== WAITING) continue;
    const k = `${after.stepIndex}:${after.wakeAt?.getTime() ?? ""}`;
    const group = next.get(k) ?? {
      stepIndex: after.stepIndex,
      wakeAt: after.wakeAt ?? undefined,
      runIds: [],
    };
    group.runIds.push(run.id);
    next.set(k, group);
  }
  await enqueueSteps(
    tx,
    [...next.values()].flatMap((g) => stepJobsFor(g.runIds, g.stepIndex, g.wakeAt)),
  );
}

/**
 * Runs each unit's step at most once, the batch in one transaction: the runs' rows are locked (in id
 * order, so concurrent batches never deadlock), a run not live or at another step is left alone, a
 * delay's continuation waits for wake_at by the clock (a digest's, until its window closed early by
 * max_events), a waking digest owner closes its window, and each step's row is claimed before it runs.
 */
async function runBatch(db: Db, units: StepJob[], now: Date): Promise<StepJobOutcome[]> {
  const published = new Map<string, string[]>();
  const outcomes = await db.transaction(async (tx): Promise<StepJobOutcome[]> => {
    const ids = [...new Set(units.map((u) => u.runId))];
    const locked = new Map(
      (
        await tx
          .select()
          .from(workflowRuns)
          .where(inArray(workflowRuns.id, ids))
          .orderBy(workflowRuns.id)
          .for("update")
      ).map((r) => [r.id, r]),
    );
    const result: StepJobOutcome[] = [];
    const due: { at: number; run: RunRow }[] = [];
    const seen = new Set<string>();
    const versions = await loadVersions(tx, [...new Set([...locked.values()].map((r) => r.versionId))]);
    // A run waiting right after a digest step is its window's owner.
    const ownsDigest = (run: RunRow) =>
      versions.get(run.versionId)!.definition.steps[run.stepIndex - 1]?.type === "digest";
    for (const [at, unit] of units.entries()) {
      const run = locked.get(unit.runId);
      if (!run || !isLive(run.status) || run.stepIndex !== unit.stepIndex || seen.has(run.id)) {
        result[at] = { outcome: "stale" };
        continue;
      }
      if (
        run.status === WAITING &&
        run.wakeAt &&
        run.wakeAt.getTime() > now.getTime() &&
        // A digest closed early by max_events wakes its owner before wake_at.
        !(ownsDigest(run) && (await isDigestClosedEarly(tx, run.id, run.stepIndex)))
      ) {
        result[at] = { outcome: "early" };
        continue;
      }
      seen.add(run.id);
      due.push({ at, run });
    }
    if (due.length === 0) return result;
    // A woken run is running again while its step executes; a digest's owner closes its window.
    const woken = due.filter((d) => d.run.status === WAITING).map((d) => d.run);
    if (woken.length > 0) {
      for (const run of woken) {
        assertTransition(run.status, INITIAL_RUN_STATUS);
        if (ownsDigest(run)) await closeOwnedDigest(tx, run.id, run.stepIndex, now);
      }
      await tx
        .update(workflowRuns)
        .set({ status: INITIAL_RUN_STATUS, wakeAt: null })
        .where(
          inArray(
            workflowRuns.id,
            woken.map((r) => r.id),
          ),
        );
      for (const d of due)
        if (d.run.status === WAITING) d.run = { ...d.run, status: INITIAL_RUN_STATUS, wakeAt: null };
    }
    const batch = await loadBatch(
      tx,
      due.map((d) => d.run),
    );
    const done: Executed[] = [];
    const withStep: { at: number; run: RunRow; step: WorkflowStep; loaded: Loaded }[] = [];
    for (const { at, run } of due) {
      const loaded = batch.loaded.get(run.id)!;
      const step = loaded.definition.steps[run.stepIndex];
      if (step) withStep.push({ at, run, step, loaded });
      else {
        // Past its last step: a run that waited as its last step (a digest's owner) has woken.
        assertTransition(run.status, RUN_COMPLETED);
        await tx
          .update(workflowRuns)
          .set({ status: RUN_COMPLETED, completedAt: now })
          .where(eq(workflowRuns.id, run.id));
        result[at] = { outcome: "executed", step: STEP.completed, run: RUN_COMPLETED };
      }
    }
    if (withStep.length === 0) return result;
    // The steps' rows first: a second execution (however it got here) stops at their key.
    const claimed = new Set(
      (
        await tx
          .insert(workflowRunSteps)
          .values(
            withStep.map(({ run, step }) => ({
              runId: run.id,
              tenantId: run.tenantId,
              stepId: step.id,
              stepIndex: run.stepIndex,
              type: step.type,
              status: STEP.completed,
              startedAt: now,
            })),
          )
          .onConflictDoNothing()
          .returning({ runId: workflowRunSteps.runId })
      ).map((r) => r.runId),
    );
    const executed: { at: number; run: RunRow; step: WorkflowStep; loaded: Loaded; effect: Effect }[] = [];
    // In recipient order: the rows steps lock per recipient (a digest's window, a throttle's key)
    // are taken in the same order by every batch, so concurrent batches wait instead of deadlocking.
    withStep.sort((a, b) => (a.run.userId < b.run.userId ? -1 : a.run.userId > b.run.userId ? 1 : 0));
    for (const { at, run, step, loaded } of withStep) {
      if (!claimed.has(run.id)) {
        result[at] = { outcome: "duplicate" };
        continue;
      }
      executed.push({ at, run, step, loaded, effect: await effectOf(tx, run, step, loaded, batch, now) });
    }
    await writeInApp(tx, executed, now);
    for (const { at, run, step, loaded, effect } of executed) {
      const after = runAfter(run, effect, loaded.definition.steps.length, now);
      done.push({ run, step, effect, after });
      if (effect.published)
        published.set(run.tenantId, [...(published.get(run.tenantId) ?? []), ...effect.published]);
      result[at] = { outcome: "executed", step: effect.status, run: after.status };
    }
    await writeBatch(tx, done, now);
    return result;
  });
  for (const [tenantId, ids] of published) await publishCreated(db, tenantId, ids);
  bus().publish("workflow_run.ended", {
    runs: units.flatMap((u, i) => {
      const o = outcomes[i];
      return o?.outcome === "executed" && !isLive(o.run) ? [{ runId: u.runId, status: o.run }] : [];
    }),
  });
  return outcomes;
}

/**
 * Runs the steps of a job's runs, at most once each. The batch shares one transaction; when it
 * fails, each run goes again alone, so one run's failure neither holds back nor repeats the others
 * (the first error is rethrown for the queue to retry; the runs done by then are stale to a retry).
 */
export async function runWorkflowSteps(
  db: Db,
  units: StepJob[],
  now: Date = clock().now(),
): Promise<StepJobOutcome[]> {
  if (units.length <= 1) return runBatch(db, units, now);
  try {
    return await runBatch(db, units, now);
  } catch {
    const outcomes: StepJobOutcome[] = [];
    let failure: unknown = null;
    for (const unit of units) {
      try {
        outcomes.push(...(await runBatch(db, [unit], now)));
      } catch (err) {
        failure ??= err;
        outcomes.push({ outcome: "stale" });
      }
    }
    if (failure) throw failure;
    return outcomes;
  }
}

/** One step job, whatever it carries. */
export function runStepJob(db: Db, data: StepJobData, now: Date = clock().now()): Promise<StepJobOutcome[]> {
  return runWorkflowSteps(db, unitsOf(data), now);
}

/** One run's step (a test's or the sweeper's unit). */
export async function runWorkflowStep(
  db: Db,
  job: StepJob,
  now: Date = clock().now(),
): Promise<StepJobOutcome> {
  return (await runBatch(db, [job], now))[0]!;
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
 * A cancelled run's open digest closes with no continuation: the events that joined it (their runs
 * ended at the join) are not sent; the digest row keeps them, closed as `cancelled`.
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
    const digestsClosed = await closeDigestsOfCancelled(tx, ids, clock().now());
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
        digests_closed: digestsClosed,
      },
    );
    return { cancelled: ids.length, run_ids: ids };
  });
}
