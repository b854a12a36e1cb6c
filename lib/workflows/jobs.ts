// The workflow step queue: one job per (run, step), written inside the transaction that makes the
// step due, so a crash between the commit and the enqueue cannot lose a run.
import type { JobInsert } from "pg-boss";
import type { Executor } from "../db/client";
import { env } from "../env";
import { insertJobs } from "../queue/deliveries";

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
    // Without it a killed worker's step jobs stayed active for pg-boss's default 15 minutes, and
    // their runs waited for the stalled-run sweep (5 minutes) instead.
    expireInSeconds: env().WORKFLOW_STEP_JOB_EXPIRE_SECONDS,
  };
}

export async function enqueueSteps(tx: Executor, jobs: JobInsert<StepJob>[]): Promise<void> {
  await insertJobs(tx, WORKFLOW_STEP_QUEUE, jobs);
}
