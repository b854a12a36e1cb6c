// The workflow step queue: a job per (step, batch of runs), written inside the transaction that
// makes the step due, so a crash between the commit and the enqueue cannot lose a run.
import type { JobInsert } from "pg-boss";
import type { Executor } from "../db/client";
import { env } from "../env";
import { insertJobs } from "../queue/deliveries";

export const WORKFLOW_STEP_QUEUE = "workflow-step";
export const WORKFLOW_SWEEP_QUEUE = "workflow-sweep";

/** One run due at one step. */
export type StepJob = { runId: string; stepIndex: number };
/**
 * What a step job carries: several runs at the same step (a trigger's or a step's batch), executed
 * together in one transaction, or a single run (the sweeper's re-enqueue).
 */
export type StepJobData = StepJob | { runIds: string[]; stepIndex: number };

/**
 * Runs per step job: a 10,000-recipient trigger writes 100 jobs instead of 10,000, and a worker
 * locks, loads and advances a job's runs with one statement each.
 */
export const STEP_BATCH_SIZE = 100;

export function unitsOf(data: StepJobData): StepJob[] {
  return "runIds" in data
    ? data.runIds.map((runId) => ({ runId, stepIndex: data.stepIndex }))
    : [{ runId: data.runId, stepIndex: data.stepIndex }];
}

export function stepJobFor(job: StepJob, startAfter?: Date): JobInsert<StepJobData> {
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

/** Jobs for runs due at `stepIndex` (at `startAfter`, or now), STEP_BATCH_SIZE runs to a job. */
export function stepJobsFor(
  runIds: string[],
  stepIndex: number,
  startAfter?: Date,
): JobInsert<StepJobData>[] {
  const jobs: JobInsert<StepJobData>[] = [];
  for (let i = 0; i < runIds.length; i += STEP_BATCH_SIZE) {
    const batch = runIds.slice(i, i + STEP_BATCH_SIZE);
    if (batch.length === 1) jobs.push(stepJobFor({ runId: batch[0]!, stepIndex }, startAfter));
    else
      jobs.push({
        ...stepJobFor({ runId: batch[0]!, stepIndex }, startAfter),
        data: { runIds: batch, stepIndex },
        // Not the single run's key: the sweeper may still queue a lone run of this batch.
        singletonKey: `${batch[0]}:${stepIndex}:${batch.length}`,
      });
  }
  return jobs;
}

export async function enqueueSteps(tx: Executor, jobs: JobInsert<StepJobData>[]): Promise<void> {
  await insertJobs(tx, WORKFLOW_STEP_QUEUE, jobs);
}
