// The workflow run status machine: every write that moves a run's status takes its target and the
// statuses it may start from here, as deliveries do with theirs (./delivery-status).
import type { WorkflowRunStatus, WorkflowStepStatus, WorkflowTriggerStatus } from "./enums";
import { conflict } from "../errors";

const transitions: Record<WorkflowRunStatus, readonly WorkflowRunStatus[]> = {
  // A step is due or being executed; a delay makes it wait, the last step ends it.
  running: ["waiting", "completed", "cancelled", "throttled", "failed"],
  // Waiting for wake_at; the step after the delay runs it again, a cancel stops it.
  waiting: ["running", "cancelled", "failed"],
  completed: [],
  cancelled: [],
  throttled: [],
  failed: [],
};

/** A triggered run starts with its first step due. */
export const INITIAL_RUN_STATUS = "running" as const satisfies WorkflowRunStatus;
/** What a delay leaves a run in until wake_at. */
export const WAITING = "waiting" as const satisfies WorkflowRunStatus;
/** The ends a run reaches by itself; a cancel is the caller's. */
export const RUN_COMPLETED = "completed" as const satisfies WorkflowRunStatus;
export const RUN_FAILED = "failed" as const satisfies WorkflowRunStatus;
export const RUN_CANCELLED = "cancelled" as const satisfies WorkflowRunStatus;
/** Past a throttle step's limit. */
export const RUN_THROTTLED = "throttled" as const satisfies WorkflowRunStatus;

/**
 * A trigger's statuses: a topic's fan-out starts `fanningOut` and ends `completed` (its last batch)
 * or `cancelled` (a cancel by its key); a list of users is `completed` at once. Only a trigger still
 * fanning out moves, under its row's lock.
 */
export const TRIGGER = {
  fanningOut: "fanning_out",
  completed: "completed",
  cancelled: "cancelled",
} as const satisfies Record<string, WorkflowTriggerStatus>;

/** Step outcomes, named so that no step write spells a status itself. */
export const STEP: Record<WorkflowStepStatus, WorkflowStepStatus> = {
  completed: "completed",
  skipped: "skipped",
  failed: "failed",
  cancelled: "cancelled",
};

export function canTransition(from: WorkflowRunStatus, to: WorkflowRunStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses a move to `to` may start from (for guarded UPDATE … WHERE status IN (…)). */
export function sourcesOf(to: WorkflowRunStatus): WorkflowRunStatus[] {
  return (Object.keys(transitions) as WorkflowRunStatus[]).filter((from) => canTransition(from, to));
}

/** Statuses in which a run still has steps to execute (a step job does nothing otherwise). */
export const LIVE_RUN_STATUSES: readonly WorkflowRunStatus[] = ["running", "waiting"];

export function isLive(status: WorkflowRunStatus): boolean {
  return LIVE_RUN_STATUSES.includes(status);
}

export function assertTransition(from: WorkflowRunStatus, to: WorkflowRunStatus): void {
  if (!canTransition(from, to)) throw conflict(`A ${from} workflow run cannot become ${to}`);
}
