// Driving workflow runs in integration tests: triggers through the API, and step jobs taken from
// the queue and run through the worker's own function (runStepJob), by one runner or several.
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { bootstrap } from "@/lib/bootstrap";
import { ManualClock, useClock as installClock } from "@/lib/clock";
import { rowsOf, type Db } from "@/lib/db/client";
import { workflowRuns, workflowRunSteps } from "@/lib/db/schema";
import { runStepJob } from "@/lib/workflows/engine";
import { WORKFLOW_STEP_QUEUE, type StepJobData } from "@/lib/workflows/jobs";
import { parseEnv } from "@/lib/env";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES } from "@/server/worker";
import { api } from "./api";
import { createTestDatabase, type TestDatabase } from "./db";

export const triggerWorkflowApi = (key: string, body: unknown, headers: Record<string, string>) =>
  api("POST", `/api/v1/workflows/${key}/trigger`, { headers, body });

/**
 * What the worker does: takes every queued step job (due or not by the database's time) and runs
 * it, round after round until none is left. `runners` > 1 runs that many at once, each taking the
 * next job of the round as it finishes one, as several worker nodes would.
 */
export async function drainSteps(db: Db, boss: PgBoss, runners = 1): Promise<void> {
  for (let round = 0; round < 50; round++) {
    const jobs = rowsOf<{ id: string; data: StepJobData }>(
      await db.execute(
        sql`select id, data from pgboss.job where name = ${WORKFLOW_STEP_QUEUE} and state = 'created' order by created_on`,
      ),
    );
    if (jobs.length === 0) return;
    let next = 0;
    const runner = async () => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        await runStepJob(db, job.data);
        await boss.deleteJob(WORKFLOW_STEP_QUEUE, job.id);
      }
    };
    await Promise.all(Array.from({ length: runners }, runner));
  }
  throw new Error("step jobs kept coming");
}

export const runRowOf = async (db: Db, id: string) =>
  (await db.select().from(workflowRuns).where(eq(workflowRuns.id, id)))[0]!;

export const stepRowsOf = (db: Db, runId: string) =>
  db.select().from(workflowRunSteps).where(eq(workflowRunSteps.runId, runId));

export type WorkflowTestbed = {
  t: TestDatabase;
  boss: PgBoss;
  tenantId: string;
  clock: ManualClock;
  close(): Promise<void>;
};

/**
 * A migrated database with the default tenant (the given super key), the queue, and a ManualClock
 * at `clockAt` in place of the real one; close() puts everything back.
 */
export async function openWorkflowTestbed(apiKey: string, clockAt: string | Date): Promise<WorkflowTestbed> {
  const t = await createTestDatabase();
  const tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: apiKey })))
    .tenant.id;
  const boss = await startQueue(t.database, QUEUES);
  setQueue(boss);
  const clock = new ManualClock(clockAt);
  const previous = installClock(clock);
  return {
    t,
    boss,
    tenantId,
    clock,
    close: async () => {
      installClock(previous);
      setQueue(undefined);
      await boss.stop({ graceful: false, timeout: 1000 });
      await t.drop();
    },
  };
}
