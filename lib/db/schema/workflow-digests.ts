// What digest and throttle steps share across runs: a digest's open window and the events that
// joined it, and the runs a throttle let through.
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { id, tenantId, ts } from "./_columns";
import { workflowRuns } from "./workflow-runs";
import { workflows } from "./workflows";

/** Whose digest or throttle a row is: the workflow, the recipient, the step and the rendered key. */
const keyColumns = () => ({
  tenantId: tenantId(),
  workflowId: uuid("workflow_id")
    .notNull()
    .references(() => workflows.id),
  userId: uuid("user_id").notNull(),
  stepId: text("step_id").notNull(),
  key: text("key").notNull(),
});

export const workflowDigestStatuses = ["open", "closed"] as const;
export type WorkflowDigestStatus = (typeof workflowDigestStatuses)[number];
/** Why a digest closed: its window ended, max_events was reached, or its owner run was cancelled. */
export const workflowDigestCloseReasons = ["window", "max_events", "cancelled"] as const;
export type WorkflowDigestCloseReason = (typeof workflowDigestCloseReasons)[number];

/**
 * One row per digest window of (workflow, recipient, step, rendered key). The run that opened it
 * owns it: it waits until closes_at and is the one continuation; runs that join it end there.
 */
export const workflowDigests = pgTable(
  "workflow_digests",
  {
    id: id(),
    ...keyColumns(),
    // The owner's step index: its continuation is the step after it.
    stepIndex: integer("step_index").notNull(),
    status: text("status", { enum: workflowDigestStatuses }).notNull(),
    ownerRunId: uuid("owner_run_id")
      .notNull()
      .references(() => workflowRuns.id),
    openedAt: ts("opened_at").notNull(),
    closesAt: ts("closes_at").notNull(),
    eventCount: integer("event_count").notNull(),
    // The latest 10 payloads, newest first; the first and the last are kept apart.
    events: jsonb("events").$type<Record<string, unknown>[]>().notNull(),
    firstEvent: jsonb("first_event").$type<Record<string, unknown>>().notNull(),
    lastEvent: jsonb("last_event").$type<Record<string, unknown>>().notNull(),
    closedAt: ts("closed_at"),
    closeReason: text("close_reason", { enum: workflowDigestCloseReasons }),
  },
  (t) => [
    // At most one open window per (workflow, recipient, step, key): the join-or-open upsert's target.
    uniqueIndex("workflow_digests_open_idx")
      .on(t.tenantId, t.workflowId, t.userId, t.stepId, t.key)
      .where(sql`${t.status} = 'open'`),
    // A run's own digests: its continuation's scope, a cancel closing them.
    index("workflow_digests_owner_idx").on(t.ownerRunId),
  ],
);

/**
 * One row per run a throttle step let through; rows older than the step's window are pruned as new
 * ones are written, so a key holds at most about `limit` rows.
 */
export const workflowThrottlePasses = pgTable(
  "workflow_throttle_passes",
  {
    id: id(),
    ...keyColumns(),
    runId: uuid("run_id").notNull(),
    passedAt: ts("passed_at").notNull(),
  },
  (t) => [
    index("workflow_throttle_passes_key_idx").on(
      t.tenantId,
      t.workflowId,
      t.userId,
      t.stepId,
      t.key,
      t.passedAt,
    ),
  ],
);
