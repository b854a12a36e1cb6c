// Workflow triggers and runs: one row per trigger call, one per (trigger, recipient), and one per
// step a run executed.
import { sql } from "drizzle-orm";
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { workflowRunStatuses, workflowStepStatuses, workflowTriggerStatuses } from "../../vocabulary/enums";
import { createdAt, tenantId, timeOrderedId, ts, updatedAt } from "./_columns";
import { workflows, workflowVersions, type WorkflowStepType } from "./workflows";

export {
  workflowRunStatuses,
  workflowStepStatuses,
  workflowTriggerStatuses,
  type WorkflowRunStatus,
  type WorkflowStepStatus,
  type WorkflowTriggerStatus,
} from "../../vocabulary/enums";

/**
 * What one trigger call fixes for all its runs: a trigger row holds them, and every run copies them
 * from it. The version is the one current at the trigger: a later save does not change a run under way.
 */
const triggeredColumns = () => ({
  tenantId: tenantId(),
  workflowId: uuid("workflow_id")
    .notNull()
    .references(() => workflows.id),
  versionId: uuid("version_id")
    .notNull()
    .references(() => workflowVersions.id),
  actorUserId: uuid("actor_user_id"),
  payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
  cancellationKey: text("cancellation_key"),
});

/**
 * One row per trigger call. A list of users is written whole in the request (`completed` at once);
 * a topic is fanned out in batch jobs that walk its subscribers by user id from `cursor`, each
 * batch moving it on under this row's lock, until `completed`.
 */
export const workflowTriggers = pgTable(
  "workflow_triggers",
  {
    id: timeOrderedId(),
    ...triggeredColumns(),
    // No foreign key: a topic deleted mid fan-out leaves an empty page, which completes the trigger,
    // and its key stays readable here.
    topicId: uuid("topic_id"),
    topic: text("topic"),
    excludeActor: boolean("exclude_actor").notNull().default(false),
    status: text("status", { enum: workflowTriggerStatuses }).notNull(),
    // The last subscriber (internal user id) whose run is written; null before the first batch.
    cursor: uuid("cursor"),
    runsCreated: integer("runs_created").notNull().default(0),
    createdAt: createdAt(),
    // Wall time of the last batch: the sweeper finds a fan-out whose chain of jobs was lost.
    updatedAt: updatedAt(),
    completedAt: ts("completed_at"),
  },
  (t) => [
    // Only the fan-outs under way are indexed: a cancel by key stops them, the sweeper resumes them.
    index("workflow_triggers_cancel_idx")
      .on(t.tenantId, t.workflowId, t.cancellationKey)
      .where(sql`${t.cancellationKey} is not null and ${t.status} = 'fanning_out'`),
    index("workflow_triggers_fanning_out_idx")
      .on(t.updatedAt)
      .where(sql`${t.status} = 'fanning_out'`),
  ],
);

/**
 * No foreign key to users (as notifications): runs are written set-based for up to 10,000
 * recipients, and the users they point at are ensured in the same transaction, never hard-deleted.
 */
export const workflowRuns = pgTable(
  "workflow_runs",
  {
    id: timeOrderedId(),
    ...triggeredColumns(),
    userId: uuid("user_id").notNull(),
    status: text("status", { enum: workflowRunStatuses }).notNull(),
    // The step due next (or being executed); steps.length once the run is over.
    stepIndex: integer("step_index").notNull().default(0),
    wakeAt: ts("wake_at"),
    // Every run written by one trigger call shares it.
    triggerId: uuid("trigger_id").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    completedAt: ts("completed_at"),
  },
  (t) => [
    // The sweeper: waiting runs whose wake time has come.
    index("workflow_runs_wake_idx")
      .on(t.status, t.wakeAt)
      .where(sql`${t.wakeAt} is not null`),
    // Cancel by key: only live runs can be cancelled.
    index("workflow_runs_cancel_idx")
      .on(t.tenantId, t.workflowId, t.cancellationKey)
      .where(sql`${t.cancellationKey} is not null and ${t.status} in ('running', 'waiting')`),
    // The runs list, newest first.
    index("workflow_runs_tenant_created_idx").on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    // One workflow's runs, newest first: its filtered list and its last 24 hours on the list page.
    index("workflow_runs_workflow_created_idx").on(t.tenantId, t.workflowId, t.createdAt.desc()),
    // One run per recipient of a trigger, whatever a replayed fan-out batch tries; and the runs of a trigger.
    uniqueIndex("workflow_runs_trigger_user_key").on(t.triggerId, t.userId),
  ],
);

/** What a step did: the notification or deliveries it wrote, why it was skipped or failed. */
export type WorkflowStepOutcome = {
  notification_id?: string;
  delivery_ids?: string[];
  reason?: string;
  condition?: { value: boolean; error?: string };
  wake_at?: string;
  /** A digest step: the window this run opened (and waited on) or joined (and ended in). */
  digest?: { id: string; role: "opened" | "joined"; owner_run_id: string; count: number };
  /** A throttle step: its limit and the runs through it in the window, this one included if it passed. */
  throttle?: { limit: number; count: number };
};

/** An external channel step's message, rendered when the step ran; the delivery worker sends it. */
export type WorkflowStepMessage = {
  title: string;
  text: string;
  html?: string;
  actionUrl?: string;
  actionText?: string;
  data?: Record<string, unknown>;
};

/**
 * One row per executed step. Its primary key is the at-most-once guarantee: the row is written in
 * the same transaction as the step's effects, so a second execution finds it and does nothing.
 */
export const workflowRunSteps = pgTable(
  "workflow_run_steps",
  {
    runId: uuid("run_id")
      .notNull()
      .references(() => workflowRuns.id),
    tenantId: tenantId(),
    stepId: text("step_id").notNull(),
    stepIndex: integer("step_index").notNull(),
    type: text("type").$type<WorkflowStepType>().notNull(),
    status: text("status", { enum: workflowStepStatuses }).notNull(),
    outcome: jsonb("outcome").$type<WorkflowStepOutcome>().notNull().default({}),
    message: jsonb("message").$type<WorkflowStepMessage>(),
    startedAt: ts("started_at").notNull(),
    finishedAt: ts("finished_at"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.stepId] })],
);
