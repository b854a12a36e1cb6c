// The workflow step queue: one job per (run, step), written inside the transaction that makes the
// step due, so a crash between the commit and the enqueue cannot lose a run.
import type { JobInsert } from "pg-boss";
import type { Executor } from "../db/client";
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
  };
}

export async function enqueueSteps(tx: Executor, jobs: JobInsert<StepJob>[]): Promise<void> {
  await insertJobs(tx, WORKFLOW_STEP_QUEUE, jobs);
}
