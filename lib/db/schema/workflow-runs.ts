// Workflow runs: one row per (trigger, recipient), and one row per step a run executed.
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { workflowRunStatuses, workflowStepStatuses } from "../../vocabulary/enums";
import { createdAt, tenantId, timeOrderedId, ts, updatedAt } from "./_columns";
import { workflows, workflowVersions, type WorkflowStepType } from "./workflows";

export {
  workflowRunStatuses,
  workflowStepStatuses,
  type WorkflowRunStatus,
  type WorkflowStepStatus,
} from "../../vocabulary/enums";

/**
 * No foreign key to users (as notifications): runs are written set-based for up to 10,000
 * recipients, and the users they point at are ensured in the same transaction, never hard-deleted.
 */
export const workflowRuns = pgTable(
  "workflow_runs",
  {
    id: timeOrderedId(),
    tenantId: tenantId(),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id),
    // The version it was triggered on: a later save does not change a run under way.
    versionId: uuid("version_id")
      .notNull()
      .references(() => workflowVersions.id),
    userId: uuid("user_id").notNull(),
    actorUserId: uuid("actor_user_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    status: text("status", { enum: workflowRunStatuses }).notNull(),
    // The step due next (or being executed); steps.length once the run is over.
    stepIndex: integer("step_index").notNull().default(0),
    wakeAt: ts("wake_at"),
    cancellationKey: text("cancellation_key"),
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
