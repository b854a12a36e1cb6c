// The workflow step queue: one job per (run, step), written inside the transaction that makes the
// step due, so a crash between the commit and the enqueue cannot lose a run.
import { sql } from "drizzle-orm";
import { fromDrizzle, type DrizzleTransactionLike, type JobInsert } from "pg-boss";
import type { Executor } from "../db/client";
import { getQueue } from "../queue/boss";

export const WORKFLOW_STEP_QUEUE = "workflow-step";
export const WORKFLOW_SWEEP_QUEUE = "workflow-sweep";

export type StepJob = { runId: string; stepIndex: number };

export function stepJobFor(job: StepJob, startAfter?: Date): JobInsert<StepJob> {
  return {
    data: job,
    // One queued job per run and step (the queue's "short" policy): a sweeper's re-enqueue of a
    // job still waiting is a no-op.
    singletonKey: `${job.runId}:${job.stepIndex}`,
    startAfter,
    // The step row's key makes a rerun harmless; pg-boss reruns a job whose worker died or threw.
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
  };
}

export async function enqueueSteps(tx: Executor, jobs: JobInsert<StepJob>[]): Promise<void> {
  if (jobs.length === 0) return;
  const boss = getQueue();
  if (!boss) throw new Error("The job queue is not running in this process");
  // Both drivers' execute() resolve to rows pg-boss can read; the generic Executor type cannot say so.
  const db = fromDrizzle(tx as unknown as DrizzleTransactionLike, sql);
  await boss.insert(WORKFLOW_STEP_QUEUE, jobs, { db });
}
