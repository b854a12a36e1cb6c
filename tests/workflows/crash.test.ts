// Every workflow step at most once, however the worker dies: SIGKILL the worker while 1,000 two-step
// runs (in-app, then email) are under way, start it again, and each recipient has one in-app
// notification and one email. Then two workers share the queue and one of them is killed.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf } from "@/lib/db/client";
import { WORKFLOW_STEP_QUEUE } from "@/lib/workflows/jobs";
import { createCrashRig, post, settle, until, type CrashRig } from "../helpers/crash";
import { onPostgres } from "../helpers/db";
import type { RunningServer } from "../helpers/server";

const KEY = "hk_workflow_crash_key_0123456789abcdefgh";
const RECIPIENTS = 1000;
// The second phase triggers for half of them, to keep the file's run time modest.
const PEER_RECIPIENTS = 500;
const audience = (n: number) => Array.from({ length: n }, (_, i) => `wf-${i + 1}`);

// On PostgreSQL only, like the email crash test (a killed PGlite's recovery is too slow to wait for).
describe.runIf(onPostgres)("workflow steps survive a killed worker", () => {
  let rig: CrashRig;

  beforeAll(async () => {
    rig = await createCrashRig({ key: KEY, recipients: RECIPIENTS, prefix: "wf" });
  });
  afterAll(async () => {
    await rig?.close();
  });

  const scalar = async (query: ReturnType<typeof sql>): Promise<number> =>
    Number(rowsOf<{ n: number | string }>(await rig.database.db.execute(query))[0]!.n);
  const runsIn = (key: string, status: string, stepIndex?: number) =>
    scalar(sql`select count(*) as n from workflow_runs r join workflows w on w.id = r.workflow_id
      where w.key = ${key} and r.status = ${status}
      ${stepIndex === undefined ? sql`` : sql`and r.step_index = ${stepIndex}`}`);
  const activeStepJobs = () =>
    scalar(
      sql`select count(*) as n from pgboss.job where name = ${WORKFLOW_STEP_QUEUE} and state = 'active'`,
    );
  const emailsOf = (subject: string) => rig.stub.emails.filter((e) => e.body.subject === subject);

  /** Creates the two-step workflow `key` and triggers it for the first `n` recipients. */
  async function trigger(server: RunningServer, key: string, subject: string, n: number): Promise<void> {
    const created = await post(server, KEY, "/api/v1/workflows", {
      key,
      name: subject,
      steps: [
        { id: "inapp", type: "in_app", title: subject, content: "Hi {{ user.user_id }}" },
        { id: "email", type: "email", subject, html: "<p>Hi {{ user.user_id }}</p>" },
      ],
    });
    expect(created.status).toBe(201);
    const res = await post(server, KEY, `/api/v1/workflows/${key}/trigger`, { to: audience(n) });
    expect(res.status).toBe(202);
    expect(res.json.data.run_ids).toHaveLength(n);
  }

  /**
   * Waits until some runs of `key` have finished, but not all, and SIGKILLs `victim` there. `alone`:
   * no other worker runs, so the step jobs still active are the ones the dead worker was running.
   */
  async function killMidway(victim: RunningServer, key: string, n: number, alone: boolean): Promise<void> {
    await until(async () => (await runsIn(key, "completed")) >= n / 10, 180_000, "the first completed runs");
    await victim.stop("SIGKILL");
    // It really died mid-way: some recipients have their in-app notification and wait for their
    // email (and, alone, it died in the middle of steps).
    expect(await runsIn(key, "completed")).toBeLessThan(n);
    expect(await runsIn(key, "running", 1)).toBeGreaterThan(0);
    if (alone) expect(await activeStepJobs()).toBeGreaterThan(0);
  }

  /** Waits for every run and email of `key`, then checks each step ran exactly once per recipient. */
  async function expectEachStepOnce(key: string, subject: string, n: number): Promise<void> {
    await until(
      async () => (await runsIn(key, "completed")) >= n && emailsOf(subject).length >= n,
      240_000,
      "every run and email",
    );
    await settle();
    const { db } = rig.database;
    const runs = rowsOf<{ status: string; n: number }>(
      await db.execute(sql`select r.status, count(*)::int as n from workflow_runs r
        join workflows w on w.id = r.workflow_id where w.key = ${key} group by r.status`),
    );
    expect(runs).toEqual([{ status: "completed", n }]);
    // The primary key allows no second row per (run, step); every run has both, both completed.
    const steps = rowsOf<{ step_id: string; status: string; rows: number; runs: number }>(
      await db.execute(sql`select s.step_id, s.status, count(*)::int as rows, count(distinct s.run_id)::int as runs
        from workflow_run_steps s join workflow_runs r on r.id = s.run_id
        join workflows w on w.id = r.workflow_id where w.key = ${key}
        group by s.step_id, s.status order by s.step_id`),
    );
    expect(steps).toEqual([
      { step_id: "email", status: "completed", rows: n, runs: n },
      { step_id: "inapp", status: "completed", rows: n, runs: n },
    ]);
    const inApp = rowsOf<{ rows: number; users: number }>(
      await db.execute(sql`select count(*)::int as rows, count(distinct user_id)::int as users from notifications
        where tenant_id = ${rig.tenantId}::uuid and metadata->'workflow'->>'key' = ${key}`),
    );
    expect(inApp).toEqual([{ rows: n, users: n }]);
    // The stub keeps one email per idempotency key: a second execution of a step would be a second
    // delivery, so a second email to the same address.
    const sent = emailsOf(subject).flatMap((e) => e.body.to);
    expect(sent).toHaveLength(n);
    expect(new Set(sent)).toEqual(new Set(audience(n).map((r) => `${r}@example.com`)));
    const delivered = rowsOf<{ status: string; n: number }>(
      await db.execute(sql`select d.status, count(*)::int as n from deliveries d
        join workflow_runs r on r.id = d.workflow_run_id join workflows w on w.id = r.workflow_id
        where w.key = ${key} group by d.status`),
    );
    expect(delivered).toEqual([{ status: "sent", n }]);
  }

  it("SIGKILL while 1,000 runs are under way, restart: every step once, one in-app and one email each", async () => {
    let server = await rig.start();
    await trigger(server, "crash-restart", "Your report", RECIPIENTS);
    await killMidway(server, "crash-restart", RECIPIENTS, true);
    server = await rig.start();
    await expectEachStepOnce("crash-restart", "Your report", RECIPIENTS);
    await server.stop("SIGTERM");
  }, 420_000);

  it("two workers share the queue and one is killed: the other finishes every run, each step once", async () => {
    const [web, worker] = await Promise.all([rig.start(), rig.start({ args: ["--role", "worker"] })]);
    await trigger(web, "crash-peer", "Your summary", PEER_RECIPIENTS);
    await killMidway(worker, "crash-peer", PEER_RECIPIENTS, false);
    await expectEachStepOnce("crash-peer", "Your summary", PEER_RECIPIENTS);
    await web.stop("SIGTERM");
  }, 420_000);
});
