// Reading runs: the tenant's runs newest first (keyset pages), one run with its step timeline, and
// each workflow's runs of the last 24 hours, one trigger's progress.
import { and, count, desc, eq, gt, inArray, lt, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { z } from "zod";
import type { Executor } from "../db/client";
import {
  users,
  workflowRuns,
  workflowRunSteps,
  workflows,
  workflowTriggers,
  workflowVersions,
} from "../db/schema";
import { clock } from "../clock";
import { invalid, notFound } from "../errors";
import { externalIdSchema } from "../users/schema";
import {
  oneOfMessage,
  workflowRunStatuses,
  workflowStepStatuses,
  workflowTriggerStatuses,
} from "../vocabulary/enums";
import { MAX_WORKFLOW_KEY } from "../vocabulary/limits";

const dateTime = z.iso.datetime({ offset: true });

export const workflowRunStepSchema = z
  .object({
    step_id: z.string(),
    step_index: z.number().int(),
    type: z.string(),
    status: z.enum(workflowStepStatuses),
    outcome: z
      .object({
        notification_id: z.uuid().optional(),
        delivery_ids: z.array(z.uuid()).optional(),
        reason: z.string().optional(),
        condition: z.object({ value: z.boolean(), error: z.string().optional() }).optional(),
        wake_at: dateTime.optional(),
        digest: z
          .object({
            id: z.uuid(),
            role: z.enum(["opened", "joined"]),
            owner_run_id: z.uuid().meta({ description: "The run that continues when the digest closes" }),
            count: z.number().int().meta({ description: "Events in the digest when this run reached it" }),
          })
          .optional(),
        throttle: z
          .object({
            limit: z.number().int(),
            count: z.number().int().meta({ description: "Runs through the step in the window" }),
          })
          .optional(),
      })
      .meta({
        description:
          "What the step wrote, why it was skipped or failed, when a delay or digest wakes, the digest joined, the throttle's count",
      }),
    started_at: dateTime,
    finished_at: dateTime.nullable(),
  })
  .meta({ id: "WorkflowRunStep" });

export const workflowRunSchema = z
  .object({
    id: z.uuid(),
    workflow: z.string().meta({ description: "The workflow's key" }),
    version: z.number().int().meta({ description: "The version the run was triggered on" }),
    user_id: z.string(),
    actor_user_id: z.string().nullable(),
    status: z.enum(workflowRunStatuses),
    step_index: z.number().int().meta({ description: "The step due next" }),
    wake_at: dateTime.nullable(),
    cancellation_key: z.string().nullable(),
    trigger_id: z.uuid(),
    payload: z.record(z.string(), z.unknown()),
    created_at: dateTime,
    updated_at: dateTime,
    completed_at: dateTime.nullable(),
  })
  .meta({ id: "WorkflowRun" });

export const workflowRunDetailSchema = workflowRunSchema
  .extend({
    steps: z.array(workflowRunStepSchema).meta({ description: "Executed steps, in order" }),
    planned_steps: z
      .array(z.object({ id: z.string(), type: z.string() }))
      .meta({ description: "Every step of the run's version, in order: the ones not yet executed too" }),
  })
  .meta({ id: "WorkflowRunDetail" });

export const workflowRunPageSchema = z.object({
  runs: z.array(workflowRunSchema),
  page_size: z.number().int(),
  next_cursor: z.string().nullable(),
});

export const workflowRunListQuery = z.strictObject({
  workflow: z
    .string()
    .max(MAX_WORKFLOW_KEY, { message: "must be a workflow key" })
    .optional()
    .meta({ description: "A workflow's key" }),
  user_id: externalIdSchema.optional(),
  status: z.enum(workflowRunStatuses, { message: oneOfMessage(workflowRunStatuses) }).optional(),
  trigger_id: z
    .uuid({ message: "must be a trigger id" })
    .optional()
    .meta({ description: "Only the runs of this trigger (the trigger_id a trigger answered)" }),
  cursor: z.string().max(200).optional().meta({ description: "next_cursor of the previous page" }),
  page_size: z.coerce
    .number({ message: "must be a whole number from 1 to 100" })
    .int()
    .min(1, { message: "must be from 1 to 100" })
    .max(100, { message: "must be from 1 to 100" })
    .default(20),
});
export type WorkflowRunListQuery = z.infer<typeof workflowRunListQuery>;

export const workflowRunParams = z.object({ id: z.uuid({ message: "must be a run id" }) });

export type WorkflowRunJson = z.input<typeof workflowRunSchema>;

const actors = alias(users, "actors");
const columns = {
  run: workflowRuns,
  key: workflows.key,
  version: workflowVersions.version,
  userId: users.externalId,
  actorUserId: actors.externalId,
};
type Row = {
  run: typeof workflowRuns.$inferSelect;
  key: string;
  version: number;
  userId: string;
  actorUserId: string | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function runJson({ run, key, version, userId, actorUserId }: Row): WorkflowRunJson {
  return {
    id: run.id,
    workflow: key,
    version,
    user_id: userId,
    actor_user_id: actorUserId,
    status: run.status,
    step_index: run.stepIndex,
    wake_at: iso(run.wakeAt),
    cancellation_key: run.cancellationKey,
    trigger_id: run.triggerId,
    payload: run.payload,
    created_at: run.createdAt.toISOString(),
    updated_at: run.updatedAt.toISOString(),
    completed_at: iso(run.completedAt),
  };
}

function selectRuns(db: Executor) {
  return db
    .select(columns)
    .from(workflowRuns)
    .innerJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, workflowRuns.versionId))
    .innerJoin(users, eq(users.id, workflowRuns.userId))
    .leftJoin(actors, eq(actors.id, workflowRuns.actorUserId));
}

// The cursor is the last row's (created_at, id): opaque to callers, stable while new runs arrive.
const encodeCursor = (r: Row) =>
  Buffer.from(`${r.run.createdAt.toISOString()}|${r.run.id}`).toString("base64url");
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || Number.isNaN(createdAt.getTime()) || !z.uuid().safeParse(id).success)
    throw invalid("Invalid cursor", [{ field: "cursor", message: "is not a cursor this list gave" }]);
  return { createdAt, id };
}

export async function listRuns(
  db: Executor,
  tenantId: string,
  q: WorkflowRunListQuery,
): Promise<{ runs: WorkflowRunJson[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor) : null;
  const rows = await selectRuns(db)
    .where(
      and(
        eq(workflowRuns.tenantId, tenantId),
        q.workflow ? and(eq(workflows.key, q.workflow), sql`${workflows.deletedAt} is null`) : undefined,
        q.user_id ? eq(users.externalId, q.user_id) : undefined,
        q.status ? eq(workflowRuns.status, q.status) : undefined,
        q.trigger_id ? eq(workflowRuns.triggerId, q.trigger_id) : undefined,
        after
          ? or(
              lt(workflowRuns.createdAt, after.createdAt),
              and(eq(workflowRuns.createdAt, after.createdAt), lt(workflowRuns.id, after.id)),
            )
          : undefined,
      ),
    )
    .orderBy(desc(workflowRuns.createdAt), desc(workflowRuns.id))
    .limit(q.page_size + 1);
  const page = rows.slice(0, q.page_size);
  return {
    runs: page.map(runJson),
    nextCursor: rows.length > q.page_size ? encodeCursor(page.at(-1)!) : null,
  };
}

/** One run of the tenant with its executed steps; another tenant's run is 404. */
export async function getRun(db: Executor, tenantId: string, id: string) {
  const [row] = await selectRuns(db)
    .where(and(eq(workflowRuns.tenantId, tenantId), eq(workflowRuns.id, id)))
    .limit(1);
  if (!row) throw notFound("Workflow run not found");
  const [steps, [version]] = await Promise.all([
    db
      .select()
      .from(workflowRunSteps)
      .where(eq(workflowRunSteps.runId, id))
      .orderBy(workflowRunSteps.stepIndex),
    db
      .select({ definition: workflowVersions.definition })
      .from(workflowVersions)
      .where(eq(workflowVersions.id, row.run.versionId)),
  ]);
  return {
    ...runJson(row),
    steps: steps.map((s) => ({
      step_id: s.stepId,
      step_index: s.stepIndex,
      type: s.type,
      status: s.status,
      outcome: s.outcome,
      started_at: s.startedAt.toISOString(),
      finished_at: iso(s.finishedAt),
    })),
    planned_steps: (version?.definition.steps ?? []).map((s) => ({ id: s.id, type: s.type })),
  } satisfies z.input<typeof workflowRunDetailSchema>;
}

const DAY_MS = 24 * 3600 * 1000;

export const workflowRunStatsSchema = z
  .object({
    runs_24h: z.number().int().meta({ description: "Runs triggered in the last 24 hours" }),
    completed_24h: z.number().int().meta({ description: "Of those, runs that completed" }),
    failed_24h: z.number().int().meta({ description: "Of those, runs that failed" }),
    success_rate: z.number().min(0).max(1).nullable().meta({
      description:
        "Of those runs already over (completed, throttled, cancelled or failed), the share that did not fail, from 0 to 1; null while none is over",
    }),
  })
  .meta({ id: "WorkflowRunStats" });
export type WorkflowRunStats = z.infer<typeof workflowRunStatsSchema>;

const NO_RUNS: WorkflowRunStats = { runs_24h: 0, completed_24h: 0, failed_24h: 0, success_rate: null };

/**
 * The last 24 hours of runs (by the movable clock) of each workflow, in one grouped query over the
 * ids given (a page of the list); a workflow without runs has zeros.
 */
export async function runStatsOf(
  db: Executor,
  tenantId: string,
  workflowIds: readonly string[],
): Promise<(workflowId: string) => WorkflowRunStats> {
  if (workflowIds.length === 0) return () => NO_RUNS;
  const since = new Date(clock().now().getTime() - DAY_MS);
  const status = workflowRuns.status;
  const countWhere = (cond: ReturnType<typeof sql>) =>
    sql<number>`count(*) filter (where ${cond})`.mapWith(Number);
  const rows = await db
    .select({
      workflowId: workflowRuns.workflowId,
      runs: count(),
      completed: countWhere(sql`${status} = 'completed'`),
      failed: countWhere(sql`${status} = 'failed'`),
      over: countWhere(sql`${status} not in ('running', 'waiting')`),
    })
    .from(workflowRuns)
    .where(
      and(
        eq(workflowRuns.tenantId, tenantId),
        inArray(workflowRuns.workflowId, [...workflowIds]),
        gt(workflowRuns.createdAt, since),
      ),
    )
    .groupBy(workflowRuns.workflowId);
  const byId = new Map(
    rows.map((r) => [
      r.workflowId,
      {
        runs_24h: r.runs,
        completed_24h: r.completed,
        failed_24h: r.failed,
        success_rate: r.over === 0 ? null : (r.over - r.failed) / r.over,
      },
    ]),
  );
  return (id) => byId.get(id) ?? NO_RUNS;
}

export const workflowTriggerParams = z.object({ id: z.uuid({ message: "must be a trigger id" }) });

export const workflowTriggerDetailSchema = z
  .object({
    id: z.uuid(),
    workflow: z.string().meta({ description: "The workflow's key" }),
    version: z.number().int().meta({ description: "The version its runs were triggered on" }),
    topic: z.string().nullable().meta({ description: "The topic's key; null for a list of users" }),
    status: z.enum(workflowTriggerStatuses).meta({
      description:
        "`fanning_out` while a topic's runs are still being written in batches, then `completed`; `cancelled` when a cancel by its cancellation key stopped the fan-out",
    }),
    runs_created: z.number().int().meta({ description: "Runs written so far" }),
    actor_user_id: z.string().nullable(),
    exclude_actor: z.boolean(),
    cancellation_key: z.string().nullable(),
    created_at: dateTime,
    completed_at: dateTime
      .nullable()
      .meta({ description: "When its last run was written, or its fan-out cancelled" }),
  })
  .meta({ id: "WorkflowTriggerDetail" });

/** One trigger of the tenant and how far its fan-out got; another tenant's trigger is 404. */
export async function getTrigger(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<z.input<typeof workflowTriggerDetailSchema>> {
  const [row] = await db
    .select({
      trigger: workflowTriggers,
      key: workflows.key,
      version: workflowVersions.version,
      actorUserId: users.externalId,
    })
    .from(workflowTriggers)
    .innerJoin(workflows, eq(workflows.id, workflowTriggers.workflowId))
    .innerJoin(workflowVersions, eq(workflowVersions.id, workflowTriggers.versionId))
    .leftJoin(users, eq(users.id, workflowTriggers.actorUserId))
    .where(and(eq(workflowTriggers.tenantId, tenantId), eq(workflowTriggers.id, id)))
    .limit(1);
  if (!row) throw notFound("Workflow trigger not found");
  const { trigger: t } = row;
  return {
    id: t.id,
    workflow: row.key,
    version: row.version,
    topic: t.topic,
    status: t.status,
    runs_created: t.runsCreated,
    actor_user_id: row.actorUserId,
    exclude_actor: t.excludeActor,
    cancellation_key: t.cancellationKey,
    created_at: t.createdAt.toISOString(),
    completed_at: iso(t.completedAt),
  };
}
