// A workflow triggered for a topic: the request writes one trigger row and one job; batch jobs
// (run here through the worker's own function, with a small batch size) write one run per
// subscriber, resumable and harmless to repeat.
import { and, count, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { rowsOf } from "@/lib/db/client";
import { notifications, users, workflowRuns, workflowTriggers } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { setQueue, startQueue } from "@/lib/queue/boss";
import {
  enqueueFanoutBatches,
  insertRuns,
  requeueStalledFanouts,
  runTriggerFanoutBatch,
  TRIGGER_FANOUT_QUEUE,
  type TriggerFanoutJob,
} from "@/lib/workflows/fanout";
import { WORKFLOW_STEP_QUEUE } from "@/lib/workflows/jobs";
import { QUEUES } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { drainSteps as drainWorkflowSteps } from "../helpers/workflows";

const KEY = "hk_topic_trigger_test_key_0123456789abc";
const H = bearer(KEY);
const BATCH = 400;
const SUBSCRIBERS = 2_500;
const OTHER_TENANT = "00000000-0000-4000-8000-000000000000";

const ids = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, "0")}`);

describe("workflow triggers for a topic", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let keyB: string;
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(db(), parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    const wf = await api("POST", "/api/v1/workflows", {
      headers: H,
      body: {
        key: "project.update",
        name: "Project update",
        steps: [{ id: "inapp", type: "in_app", title: "Update", content: "{{ payload.text }}" }],
      },
    });
    expect(wf.status, JSON.stringify(wf.json)).toBe(201);
    for (const [key, members] of [
      ["project-42", ids("member", SUBSCRIBERS)],
      ["small", ["alice", "bob", "carol"]],
    ] as const) {
      expect((await api("PUT", `/api/v1/topics/${key}`, { headers: H, body: { name: key } })).status).toBe(
        201,
      );
      const added = await api("POST", `/api/v1/topics/${key}/subscribers`, {
        headers: H,
        body: { user_ids: members },
      });
      expect(added.json.data).toEqual({ added: members.length, already: 0 });
    }
    keyB = (await api("POST", "/api/v1/tenants", { headers: H, body: { slug: "other", name: "Other" } })).json
      .data.api_key.key;
    const other = await api("PUT", "/api/v1/topics/theirs", {
      headers: bearer(keyB),
      body: { name: "Theirs" },
    });
    expect(other.status).toBe(201);
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  const trigger = (body: unknown, headers: Record<string, string> = H) =>
    api("POST", "/api/v1/workflows/project.update/trigger", { headers, body });
  const getTrigger = (id: string, headers = H) => api("GET", `/api/v1/workflow-triggers/${id}`, { headers });

  const queued = async <T>(queue: string) =>
    rowsOf<{ id: string; data: T }>(
      await db().execute(
        sql`select id, data from pgboss.job where name = ${queue} and state = 'created' order by created_on`,
      ),
    );
  /** What the fan-out worker does, one queued batch at a time; returns how many batches ran. */
  async function drainFanout(max = 100): Promise<number> {
    let batches = 0;
    for (; batches < max; batches++) {
      const [job] = await queued<TriggerFanoutJob>(TRIGGER_FANOUT_QUEUE);
      if (!job) return batches;
      await runTriggerFanoutBatch(db(), job.data, BATCH);
      await boss.deleteJob(TRIGGER_FANOUT_QUEUE, job.id);
    }
    return batches;
  }
  /** Every queued step job, four at a time as a worker node runs them by default. */
  const drainSteps = () => drainWorkflowSteps(db(), boss, 4);
  const internalId = async (externalId: string) =>
    (
      await db()
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId)))
    )[0]!.id;
  const runsOf = (triggerId: string) =>
    db()
      .select({ userId: workflowRuns.userId, n: count() })
      .from(workflowRuns)
      .where(eq(workflowRuns.triggerId, triggerId))
      .groupBy(workflowRuns.userId);
  const triggerRows = async () => (await db().select({ n: count() }).from(workflowTriggers))[0]!.n;

  it("answers at once, then writes one run per subscriber in batches, the actor excluded", async () => {
    const actor = "member-0007";
    const res = await trigger({
      to: { topic: "project-42" },
      actor,
      exclude_actor: true,
      payload: { text: "Release is out" },
      cancellation_key: "release-1",
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.data).toEqual({ trigger_id: expect.any(String), status: "fanning_out" });
    const id = res.json.data.trigger_id as string;
    // The request wrote no run, only the trigger and its first batch job.
    expect(await runsOf(id)).toHaveLength(0);
    expect((await queued<TriggerFanoutJob>(TRIGGER_FANOUT_QUEUE)).map((j) => j.data)).toEqual([
      { tenantId, triggerId: id, after: null },
    ]);
    expect((await getTrigger(id)).json.data).toMatchObject({
      id,
      workflow: "project.update",
      version: 1,
      topic: "project-42",
      status: "fanning_out",
      runs_created: 0,
      actor_user_id: actor,
      exclude_actor: true,
      cancellation_key: "release-1",
      completed_at: null,
    });

    // One batch, then the subscriber last in id order unsubscribes and the one before it is deleted:
    // subscribers are those at fan-out time.
    expect(await drainFanout(1)).toBe(1);
    const progress = (await getTrigger(id)).json.data;
    expect(progress.status).toBe("fanning_out");
    expect(progress.runs_created).toBeGreaterThanOrEqual(BATCH - 1);
    const [last, beforeLast] = rowsOf<{ external_id: string }>(
      await db().execute(sql`
        select u.external_id from topic_subscribers s join users u on u.id = s.user_id
        join topics t on t.id = s.topic_id
        where t.key = 'project-42' and u.external_id <> ${actor} order by s.user_id desc limit 2`),
    ).map((r) => r.external_id);
    const gone = await api("DELETE", "/api/v1/topics/project-42/subscribers", {
      headers: H,
      body: { user_ids: [last] },
    });
    expect(gone.json.data).toEqual({ removed: 1 });
    expect((await api("DELETE", `/api/v1/users/${beforeLast}`, { headers: H })).status).toBe(200);

    const rest = await drainFanout();
    expect(rest).toBe(Math.ceil((SUBSCRIBERS - 2) / BATCH) - 1);
    const done = (await getTrigger(id)).json.data;
    expect(done).toMatchObject({ status: "completed", runs_created: SUBSCRIBERS - 3 });
    expect(Date.parse(done.completed_at)).toBeGreaterThanOrEqual(Date.parse(done.created_at));

    const runs = await runsOf(id);
    expect(runs).toHaveLength(SUBSCRIBERS - 3);
    expect(runs.every((r) => r.n === 1)).toBe(true);
    const recipients = new Set(runs.map((r) => r.userId));
    for (const missing of [actor, last!, beforeLast!])
      expect(recipients.has(await internalId(missing))).toBe(false);

    await drainSteps();
    const inbox = await db()
      .select({ userId: notifications.userId, n: count() })
      .from(notifications)
      .where(
        and(
          eq(notifications.tenantId, tenantId),
          sql`${notifications.metadata}->'workflow'->>'key' = 'project.update'`,
        ),
      )
      .groupBy(notifications.userId);
    expect(inbox).toHaveLength(SUBSCRIBERS - 3);
    expect(inbox.every((r) => r.n === 1)).toBe(true);
    expect(new Set(inbox.map((r) => r.userId))).toEqual(recipients);

    // The runs list, filtered by the trigger: its runs only, in pages.
    const page = await api("GET", `/api/v1/workflow-runs?trigger_id=${id}&page_size=100`, { headers: H });
    expect(page.status).toBe(200);
    expect(page.json.data.runs).toHaveLength(100);
    expect(page.json.data.next_cursor).not.toBeNull();
    expect(page.json.data.runs.every((r: { trigger_id: string }) => r.trigger_id === id)).toBe(true);
    expect(page.json.data.runs.some((r: { user_id: string }) => r.user_id === actor)).toBe(false);
  });

  it("a duplicated or replayed batch job changes nothing", async () => {
    const res = await trigger({ to: { topic: "project-42" }, payload: { text: "Twice" } });
    const id = res.json.data.trigger_id as string;
    const [first] = await queued<TriggerFanoutJob>(TRIGGER_FANOUT_QUEUE);
    // Two workers holding the same job at once: one writes the batch, the other finds it moved on.
    const outcomes = await Promise.all([
      runTriggerFanoutBatch(db(), first!.data, BATCH),
      runTriggerFanoutBatch(db(), first!.data, BATCH),
    ]);
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["continued", "stale"]);
    expect(outcomes.map((o) => o.written).sort((a, b) => a - b)).toEqual([0, BATCH]);
    await boss.deleteJob(TRIGGER_FANOUT_QUEUE, first!.id);
    // The queued next batch is not duplicated by a re-enqueue of its job.
    const [next] = await queued<TriggerFanoutJob>(TRIGGER_FANOUT_QUEUE);
    await enqueueFanoutBatches(db(), [next!.data]);
    expect(await queued(TRIGGER_FANOUT_QUEUE)).toHaveLength(1);

    // Replayed after the fan-out finished: every batch, from the start, is stale.
    await drainFanout();
    const before = await getTrigger(id);
    expect(before.json.data.status).toBe("completed");
    const [firstRun] = await db()
      .select({ userId: workflowRuns.userId })
      .from(workflowRuns)
      .where(eq(workflowRuns.triggerId, id))
      .orderBy(workflowRuns.userId)
      .limit(1);
    for (const after of [null, firstRun!.userId])
      expect(await runTriggerFanoutBatch(db(), { tenantId, triggerId: id, after }, BATCH)).toEqual({
        outcome: "stale",
        written: 0,
      });
    // Another tenant's id in the job finds nothing.
    expect(
      await runTriggerFanoutBatch(db(), { tenantId: OTHER_TENANT, triggerId: id, after: null }, BATCH),
    ).toEqual({ outcome: "stale", written: 0 });
    expect((await getTrigger(id)).json.data).toEqual(before.json.data);
    expect(await queued(TRIGGER_FANOUT_QUEUE)).toHaveLength(0);
    // Below the cursor check, the (trigger, user) key: writing the same users again writes no run.
    const again = await db().transaction((tx) => insertRuns(tx, { id, tenantId }, [firstRun!.userId]));
    expect(again).toEqual([]);
    expect((await runsOf(id)).every((r) => r.n === 1)).toBe(true);
    await db().execute(sql`delete from pgboss.job where name = ${WORKFLOW_STEP_QUEUE}`);
  });

  it("a cancel by the trigger's key stops its fan-out under way", async () => {
    const res = await trigger({
      to: { topic: "project-42" },
      payload: { text: "x" },
      cancellation_key: "stop-me",
    });
    const id = res.json.data.trigger_id as string;
    expect(await drainFanout(1)).toBe(1);
    const cancelled = await api("POST", "/api/v1/workflows/project.update/cancel", {
      headers: H,
      body: { cancellation_key: "stop-me" },
    });
    expect(cancelled.json.data.cancelled).toBe(BATCH);
    expect(await drainFanout()).toBe(1); // the next batch, queued before the cancel, writes nothing
    expect(await runsOf(id)).toHaveLength(BATCH);
    expect((await getTrigger(id)).json.data).toMatchObject({
      status: "cancelled",
      runs_created: BATCH,
      completed_at: expect.any(String),
    });
    await db().execute(sql`delete from pgboss.job where name = ${WORKFLOW_STEP_QUEUE}`);
  });

  it("a fan-out whose job was lost is queued again by the sweeper, from its cursor", async () => {
    const res = await trigger({ to: { topic: "project-42" }, payload: { text: "x" } });
    const id = res.json.data.trigger_id as string;
    expect(await drainFanout(1)).toBe(1);
    // A healthy fan-out with its next batch queued: the sweep queues no second one.
    expect(await requeueStalledFanouts(db(), 0)).toBe(1);
    const [next] = await queued<TriggerFanoutJob>(TRIGGER_FANOUT_QUEUE);
    expect(await queued(TRIGGER_FANOUT_QUEUE)).toHaveLength(1);
    // Lost (pg-boss gave up on it): the sweep queues it again, and the fan-out completes.
    await boss.deleteJob(TRIGGER_FANOUT_QUEUE, next!.id);
    expect(await requeueStalledFanouts(db(), 60_000)).toBe(0); // moved less than a minute ago
    expect(await requeueStalledFanouts(db(), 0)).toBe(1);
    expect((await queued<TriggerFanoutJob>(TRIGGER_FANOUT_QUEUE)).map((j) => j.data)).toEqual([next!.data]);
    await drainFanout();
    expect((await getTrigger(id)).json.data).toMatchObject({
      status: "completed",
      runs_created: SUBSCRIBERS - 2,
    });
    expect(await requeueStalledFanouts(db(), 0)).toBe(0);
    await db().execute(sql`delete from pgboss.job where name = ${WORKFLOW_STEP_QUEUE}`);
  });

  it("the same Idempotency-Key answers the same trigger and starts no second fan-out", async () => {
    const headers = { ...H, "Idempotency-Key": "topic-trigger-1" };
    const body = { to: { topic: "small" }, payload: { text: "Once" } };
    const first = await trigger(body, headers);
    const again = await trigger(body, headers);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.json.data).toEqual(first.json.data);
    const jobs = await queued<TriggerFanoutJob>(TRIGGER_FANOUT_QUEUE);
    expect(jobs.map((j) => j.data.triggerId)).toEqual([first.json.data.trigger_id]);
    expect(await drainFanout()).toBe(1);
    expect(await runsOf(first.json.data.trigger_id)).toHaveLength(3);
    const other = await trigger({ ...body, payload: { text: "Other" } }, headers);
    expect(other.status).toBe(422);
    await db().execute(sql`delete from pgboss.job where name = ${WORKFLOW_STEP_QUEUE}`);
  });

  it("refuses an unknown topic and another tenant's topic with a 404 naming it, writing nothing", async () => {
    const before = await triggerRows();
    for (const topic of ["nope", "theirs"]) {
      const res = await trigger({ to: { topic }, payload: { text: "x" } });
      expect(res.status).toBe(404);
      expect(res.json.message).toBe(`Topic not found: ${topic}`);
    }
    expect(await triggerRows()).toBe(before);
    expect(await queued(TRIGGER_FANOUT_QUEUE)).toHaveLength(0);
    const bad = await trigger({ to: { topic: "Not A Key" }, payload: { text: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ field: "to.topic", message: expect.stringContaining("a-z") }]);
    const neither = await trigger({ to: "alice", payload: { text: "x" } });
    expect(neither.json.errors).toEqual([
      { field: "to", message: 'must be a list of user ids or {"topic": "<key>"}' },
    ]);
    expect(await triggerRows()).toBe(before);
  });

  it("exclude_actor without an actor is accepted; with a list of users it drops the actor too", async () => {
    const noActor = await trigger({ to: { topic: "small" }, exclude_actor: true, payload: { text: "x" } });
    expect(noActor.status).toBe(202);
    await drainFanout();
    expect(await runsOf(noActor.json.data.trigger_id)).toHaveLength(3);

    const list = await trigger({
      to: ["alice", "bob"],
      actor: "bob",
      exclude_actor: true,
      payload: { text: "x" },
    });
    expect(list.status).toBe(202);
    expect(list.json.data).toEqual({
      trigger_id: expect.any(String),
      status: "completed",
      run_ids: [expect.any(String)],
    });
    const [run] = list.json.data.run_ids as string[];
    expect((await api("GET", `/api/v1/workflow-runs/${run}`, { headers: H })).json.data.user_id).toBe(
      "alice",
    );
    // A list trigger resolves too, complete at once.
    expect((await getTrigger(list.json.data.trigger_id)).json.data).toMatchObject({
      topic: null,
      status: "completed",
      runs_created: 1,
      actor_user_id: "bob",
    });
    const filtered = await api("GET", `/api/v1/workflow-runs?trigger_id=${list.json.data.trigger_id}`, {
      headers: H,
    });
    expect(filtered.json.data.runs.map((r: { id: string }) => r.id)).toEqual([run]);
    await db().execute(sql`delete from pgboss.job where name = ${WORKFLOW_STEP_QUEUE}`);
  });

  it("another tenant's trigger is 404, and a bad trigger id a 400 naming it", async () => {
    const res = await trigger({ to: { topic: "small" }, payload: { text: "x" } });
    await drainFanout();
    expect((await getTrigger(res.json.data.trigger_id, bearer(keyB))).status).toBe(404);
    const theirRuns = await api("GET", `/api/v1/workflow-runs?trigger_id=${res.json.data.trigger_id}`, {
      headers: bearer(keyB),
    });
    expect(theirRuns.json.data.runs).toEqual([]);
    expect((await getTrigger("not-a-uuid")).json.errors).toEqual([
      { field: "id", message: "must be a trigger id" },
    ]);
    const badFilter = await api("GET", "/api/v1/workflow-runs?trigger_id=x", { headers: H });
    expect(badFilter.status).toBe(400);
    expect(badFilter.json.errors).toEqual([{ field: "trigger_id", message: "must be a trigger id" }]);
  });
});
