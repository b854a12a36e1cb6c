// The workflow engine end to end: triggers through the API, step jobs run through the worker's own
// function (runWorkflowStep) as the queue hands them out, a ManualClock instead of sleeping.
import { and, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { ManualClock } from "@/lib/clock";
import { rowsOf } from "@/lib/db/client";
import { deliveries, devOutbox, notifications, users } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";

import { bus, type DomainEvent } from "@/lib/events";
import { changeNotifications } from "@/lib/notifications/inbox";

import { upsertUser } from "@/lib/users/store";
import { requeueStalledRuns, runStepJob, runWorkflowStep, wakeDueRuns } from "@/lib/workflows/engine";
import { WORKFLOW_STEP_QUEUE } from "@/lib/workflows/jobs";

import { api, bearer } from "../helpers/api";
import { type TestDatabase } from "../helpers/db";
import {
  drainSteps,
  runRowOf,
  stepRowsOf,
  triggerWorkflowApi,
  openWorkflowTestbed,
  type WorkflowTestbed,
} from "../helpers/workflows";

const KEY = "hk_engine_test_super_key_0123456789abcdef";
const H = bearer(KEY);
const MINUTE = 60_000;

const inapp = { id: "inapp", type: "in_app", title: "New comment", content: "{{ payload.text }}" };
const escalate = {
  key: "comment.escalate",
  name: "Escalate if unread",
  steps: [
    inapp,
    { id: "wait", type: "delay", amount: 30, unit: "minutes" },
    {
      id: "email",
      type: "email",
      subject: "Unread: {{ payload.text }}",
      html: "<p>{{ actor.name }} wrote {{ payload.text }}</p>",
      if: "steps.inapp.notification.read == false",
    },
  ],
};

describe("workflow engine", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let keyB: string;
  let clock: ManualClock;
  let bed: WorkflowTestbed;

  beforeAll(async () => {
    bed = await openWorkflowTestbed(KEY, "2026-03-02T10:00:00Z");
    ({ t, boss, tenantId, clock } = bed);
    const db = t.database.db;
    await upsertUser(db, tenantId, { externalId: "alice", email: "alice@example.com" });
    await upsertUser(db, tenantId, { externalId: "bob", name: "Bob", email: "bob@example.com" });
    const template = await api("POST", "/api/v1/notifications/templates", {
      headers: H,
      body: {
        code: "order_shipped",
        name: "Order shipped",
        variables: [{ name: "order", required: true }],
        blocks: {
          en: {
            app: { title: "Order {{ order }} shipped", content: "Hi {{ user.name }}" },
            email: { subject: "Order {{ order }} is on its way", html: "<p>Order {{ order }}</p>" },
          },
        },
      },
    });
    expect(template.status, JSON.stringify(template.json)).toBe(201);
    for (const wf of [
      { key: "comment.inapp", name: "In-app only", steps: [inapp] },
      {
        key: "order.shipped",
        name: "From a template",
        steps: [
          { id: "inapp", type: "in_app", template: "order_shipped" },
          { id: "email", type: "email", template: "order_shipped" },
        ],
      },
      {
        key: "morning",
        name: "At nine, then at the due time",
        steps: [
          { id: "nine", type: "delay", until_local_time: "09:00" },
          { id: "due", type: "delay", until: "{{ payload.due_at }}" },
          inapp,
        ],
      },
      {
        key: "email.first",
        name: "Email, then in-app later",
        steps: [
          { id: "email", type: "email", subject: "Now", html: "<p>{{ payload.text }}</p>" },
          { id: "wait", type: "delay", amount: 1, unit: "hours" },
          inapp,
        ],
      },
      escalate,
      { key: "off", name: "Switched off", is_active: false, steps: [inapp] },
      {
        key: "once.an.hour",
        name: "At most once an hour",
        steps: [{ id: "limit", type: "throttle", limit: 1, window: { amount: 1, unit: "hours" } }, inapp],
      },
    ]) {
      const created = await api("POST", "/api/v1/workflows", { headers: H, body: wf });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
    }
    const b = await api("POST", "/api/v1/tenants", {
      headers: H,
      body: { slug: "other", name: "Other" },
    });
    keyB = b.json.data.api_key.key;
  });
  afterEach(() => clock.advance(24 * 60 * MINUTE)); // each test starts with every earlier delay over
  afterAll(async () => {
    await bed.close();
  });

  const trigger = (key: string, body: unknown, headers: Record<string, string> = H) =>
    triggerWorkflowApi(key, body, headers);
  const cancel = (key: string, body: unknown) =>
    api("POST", `/api/v1/workflows/${key}/cancel`, { headers: H, body });
  const getRun = (id: string, headers = H) => api("GET", `/api/v1/workflow-runs/${id}`, { headers });

  const drain = () => drainSteps(t.database.db, boss);
  const runRow = (id: string) => runRowOf(t.database.db, id);
  const stepRows = (runId: string) => stepRowsOf(t.database.db, runId);
  const notificationsOf = async (externalId: string) => {
    const [u] = await t.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId)));
    return t.database.db.select().from(notifications).where(eq(notifications.userId, u!.id));
  };
  const runDeliveries = (runId: string) =>
    t.database.db.select().from(deliveries).where(eq(deliveries.workflowRunId, runId));

  it("a one-step in-app workflow writes the notification and publishes it live", async () => {
    const events: DomainEvent[] = [];
    const stop = bus().subscribe((e) => events.push(e));
    const res = await trigger("comment.inapp", { to: ["carol"], payload: { text: "Hello <b>you</b>" } });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.data.run_ids).toHaveLength(1);
    const runId = res.json.data.run_ids[0];
    expect((await runRow(runId)).status).toBe("running");
    await drain();
    stop();
    const [n] = await notificationsOf("carol"); // an unknown user is created, as a send does
    expect(n).toMatchObject({
      title: "New comment",
      content: "Hello &lt;b&gt;you&lt;/b&gt;",
      status: "sent",
    });
    expect(n!.metadata).toMatchObject({
      workflow: { key: "comment.inapp", run_id: runId, step_id: "inapp" },
    });
    const created = events.filter((e) => e.name === "notification.created");
    expect(created).toHaveLength(1);
    expect(created[0]!.payload).toMatchObject({ notificationIds: [n!.id] });
    const run = await runRow(runId);
    expect(run.status).toBe("completed");
    expect(run.completedAt).not.toBeNull();
  });

  it("escalates to email only when the in-app notification is still unread after the delay", async () => {
    const res = await trigger("comment.escalate", {
      to: ["alice", "bob"],
      payload: { text: "Ship it" },
      actor: "bob",
    });
    expect(res.status).toBe(202);
    const [aliceRun, bobRun] = res.json.data.run_ids as string[];
    await drain();
    expect((await runRow(aliceRun!)).status).toBe("waiting");
    expect((await runRow(aliceRun!)).wakeAt).toEqual(new Date(clock.now().getTime() + 30 * MINUTE));

    // Alice reads hers; Bob does not.
    const [aliceUser] = await t.database.db.select().from(users).where(eq(users.externalId, "alice"));
    const [aliceNote] = (await notificationsOf("alice")).filter((n) => n.content === "Ship it");
    await changeNotifications(t.database.db, { tenantId, userId: aliceUser!.id }, "read", [aliceNote!.id]);

    // Not yet due by the clock: the continuation does nothing, the sweeper finds nothing.
    clock.advance(29 * MINUTE);
    expect(await wakeDueRuns(t.database.db)).toBe(0);
    await drain();
    expect((await runRow(bobRun!)).status).toBe("waiting");
    expect(await runDeliveries(bobRun!)).toHaveLength(0);

    clock.advance(2 * MINUTE);
    expect(await wakeDueRuns(t.database.db)).toBe(2);
    await drain();
    expect(await runDeliveries(aliceRun!)).toHaveLength(0);
    const aliceSteps = await stepRows(aliceRun!);
    expect(aliceSteps.find((s) => s.stepId === "email")).toMatchObject({
      status: "skipped",
      outcome: { condition: { value: false } },
    });
    expect((await runRow(aliceRun!)).status).toBe("completed");

    const bobDeliveries = await runDeliveries(bobRun!);
    expect(bobDeliveries).toHaveLength(1);
    expect(await processDelivery(t.database.db, bobDeliveries[0]!.id)).toBe("sent");
    const outbox = await t.database.db
      .select()
      .from(devOutbox)
      .where(eq(devOutbox.deliveryId, bobDeliveries[0]!.id));
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ channel: "email", to: "bob@example.com", subject: "Unread: Ship it" });
    expect(String((outbox[0]!.payload as { html?: string }).html)).toContain("Bob wrote Ship it");
    expect((await runRow(bobRun!)).status).toBe("completed");

    // The timeline shows every step with its outcome.
    const timeline = await getRun(bobRun!);
    expect(timeline.status).toBe(200);
    expect(timeline.json.data).toMatchObject({
      workflow: "comment.escalate",
      version: 1,
      user_id: "bob",
      actor_user_id: "bob",
      status: "completed",
    });
    expect(
      timeline.json.data.steps.map((s: { step_id: string; status: string }) => [s.step_id, s.status]),
    ).toEqual([
      ["inapp", "completed"],
      ["wait", "completed"],
      ["email", "completed"],
    ]);
    expect(timeline.json.data.steps[2].outcome.delivery_ids).toEqual([bobDeliveries[0]!.id]);
    expect(timeline.json.data.steps[1].outcome.wake_at).toBeTruthy();
  });

  it("cancelling by key during the delay sends nothing more", async () => {
    const res = await trigger("comment.escalate", {
      to: ["alice"],
      payload: { text: "Cancel me" },
      cancellation_key: "comment-7",
    });
    const runId = res.json.data.run_ids[0];
    await drain();
    expect((await runRow(runId)).status).toBe("waiting");
    const cancelled = await cancel("comment.escalate", { cancellation_key: "comment-7" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json.data).toEqual({ cancelled: 1, run_ids: [runId] });
    clock.advance(31 * MINUTE);
    expect(await wakeDueRuns(t.database.db)).toBe(0);
    await drain();
    expect(await runDeliveries(runId)).toHaveLength(0);
    expect((await runRow(runId)).status).toBe("cancelled");
    // Asking again cancels nothing: the run is over.
    expect((await cancel("comment.escalate", { cancellation_key: "comment-7" })).json.data.cancelled).toBe(0);
  });

  it("runs a step at most once, however often its job runs", async () => {
    const res = await trigger("comment.inapp", { to: ["dave"], payload: { text: "Once" } });
    const runId = res.json.data.run_ids[0];
    const job = { runId, stepIndex: 0 };
    const results = [await runWorkflowStep(t.database.db, job), await runWorkflowStep(t.database.db, job)];
    expect(results.map((r) => r.outcome)).toEqual(["executed", "stale"]);
    // Two at once: the run's row lock lets one through.
    const twice = await trigger("comment.inapp", { to: ["dave"], payload: { text: "Together" } });
    const together = { runId: twice.json.data.run_ids[0], stepIndex: 0 };
    const both = await Promise.all([
      runWorkflowStep(t.database.db, together),
      runWorkflowStep(t.database.db, together),
    ]);
    expect(both.map((r) => r.outcome).sort()).toEqual(["executed", "stale"]);
    // Even a run whose position was lost finds the step's row and writes nothing again.
    await t.database.db.execute(
      sql`update workflow_runs set step_index = 0, completed_at = null, status = ${"running"} where id = ${runId}`,
    );
    expect((await runWorkflowStep(t.database.db, job)).outcome).toBe("duplicate");
    await drain();
    expect(await notificationsOf("dave")).toHaveLength(2);
    expect(await stepRows(runId)).toHaveLength(1);
  });

  it("runs a batch job's runs together: a run named twice or already past the step runs once", async () => {
    const res = await trigger("comment.inapp", { to: ["batch-a", "batch-b"], payload: { text: "Batch" } });
    const [a, b] = res.json.data.run_ids as [string, string];
    await runWorkflowStep(t.database.db, { runId: b, stepIndex: 0 });
    const outcomes = await runStepJob(t.database.db, { runIds: [a, a, b], stepIndex: 0 });
    expect(outcomes).toEqual([
      { outcome: "executed", step: "completed", run: "completed" },
      { outcome: "stale" },
      { outcome: "stale" },
    ]);
    await drain();
    expect((await notificationsOf("batch-a")).map((n) => n.content)).toEqual(["Batch"]);
    expect((await notificationsOf("batch-b")).map((n) => n.content)).toEqual(["Batch"]);
  });

  it("writes a batch's in-app rows together: a recipient twice gets both, one deleted meanwhile none", async () => {
    const first = await trigger("comment.inapp", { to: ["batch-e", "batch-f"], payload: { text: "One" } });
    const second = await trigger("comment.inapp", { to: ["batch-e"], payload: { text: "Two" } });
    const [e1, f] = first.json.data.run_ids as [string, string];
    const e2 = second.json.data.run_ids[0] as string;
    await api("DELETE", "/api/v1/users/batch-f", { headers: H });
    const outcomes = await runStepJob(t.database.db, { runIds: [e1, f, e2], stepIndex: 0 });
    expect(outcomes.map((o) => (o.outcome === "executed" ? o.run : o.outcome))).toEqual([
      "completed",
      "cancelled",
      "completed",
    ]);
    expect((await notificationsOf("batch-e")).map((n) => n.content).sort()).toEqual(["One", "Two"]);
    for (const id of [e1, e2]) {
      const [row] = await stepRows(id);
      const [n] = (await notificationsOf("batch-e")).filter((x) => x.id === row!.outcome.notification_id);
      expect(n!.metadata).toMatchObject({ workflow: { key: "comment.inapp", run_id: id, step_id: "inapp" } });
    }
    expect((await stepRows(f))[0]).toMatchObject({
      status: "cancelled",
      outcome: { reason: "user_deleted" },
    });
    await drain();
  });

  it("a run whose step throws does not hold back the others of its batch, and keeps no half step", async () => {
    const db = t.database.db;
    // The database refuses one recipient's notification: an error that is not the workflow's.
    await db.execute(sql`create function refuse_boom() returns trigger language plpgsql as $$
      begin if new.content = 'boom' then raise exception 'refused'; end if; return new; end $$`);
    await db.execute(sql`create trigger refuse_boom before insert on notifications
      for each row execute function refuse_boom()`);
    try {
      const ok = await trigger("comment.inapp", { to: ["batch-c"], payload: { text: "Fine" } });
      const bad = await trigger("comment.inapp", { to: ["batch-d"], payload: { text: "boom" } });
      const [c, d] = [ok.json.data.run_ids[0], bad.json.data.run_ids[0]];
      await expect(runStepJob(db, { runIds: [d, c], stepIndex: 0 })).rejects.toThrow();
      expect((await runRow(c)).status).toBe("completed");
      expect((await runRow(d)).status).toBe("running");
      expect(await stepRows(d)).toHaveLength(0);
    } finally {
      await db.execute(sql`drop trigger refuse_boom on notifications`);
      await db.execute(sql`drop function refuse_boom()`);
    }
    await drain(); // the failed run's own job goes again, now without the refusal
    expect((await notificationsOf("batch-d")).map((n) => n.content)).toEqual(["boom"]);
    expect((await notificationsOf("batch-c")).map((n) => n.content)).toEqual(["Fine"]);
  });

  it("answers the same runs for the same Idempotency-Key, and refuses it for another body", async () => {
    const headers = { ...H, "Idempotency-Key": "trigger-1" };
    const body = { to: ["erin"], payload: { text: "Idem" } };
    const first = await trigger("comment.inapp", body, headers);
    const again = await trigger("comment.inapp", body, headers);
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.json.data).toEqual(first.json.data);
    const other = await trigger("comment.inapp", { ...body, payload: { text: "Other" } }, headers);
    expect(other.status).toBe(422);
    await drain();
    expect(await notificationsOf("erin")).toHaveLength(1);
  });

  it("writes 10,000 runs and their first jobs, 100 runs to a job, in one trigger", async () => {
    const to = Array.from({ length: 10_000 }, (_, i) => `bulk-${i}`);
    const res = await trigger("comment.inapp", { to, payload: { text: "Bulk" } });
    expect(res.status).toBe(202);
    expect(new Set(res.json.data.run_ids).size).toBe(10_000);
    const [jobs] = rowsOf<{ n: number; runs: number; distinct_runs: number }>(
      await t.database.db.execute(
        sql`select count(distinct j.id)::int as n, count(*)::int as runs, count(distinct r.id)::int as distinct_runs
            from pgboss.job j cross join lateral jsonb_array_elements_text(j.data->'runIds') as r(id)
            where j.name = ${WORKFLOW_STEP_QUEUE} and j.state = 'created'`,
      ),
    );
    expect(jobs).toEqual({ n: 100, runs: 10_000, distinct_runs: 10_000 });
    expect([...new Set(res.json.data.run_ids)].sort()).toEqual(
      rowsOf<{ id: string }>(
        await t.database.db.execute(
          sql`select r.id from pgboss.job j cross join lateral jsonb_array_elements_text(j.data->'runIds') as r(id)
              where j.name = ${WORKFLOW_STEP_QUEUE} and j.state = 'created' order by r.id`,
        ),
      )
        .map((r) => r.id)
        .sort(),
    );
    // Not run here: the jobs go, and the runs are cancelled as over, so later tests start clean.
    await t.database.db.execute(sql`delete from pgboss.job where name = ${WORKFLOW_STEP_QUEUE}`);
    await t.database.db.execute(
      sql`update workflow_runs set status = ${"cancelled"} where trigger_id = ${res.json.data.trigger_id}`,
    );
  });

  it("refuses a payload over 64 KB, a missing payload variable, an unknown and an inactive workflow", async () => {
    const big = await trigger("comment.inapp", { to: ["alice"], payload: { text: "x".repeat(65 * 1024) } });
    expect(big.status).toBe(413);
    const missing = await trigger("comment.inapp", { to: ["alice"], payload: { other: 1 } });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([{ field: "payload.text", message: "is required by step inapp" }]);
    expect((await trigger("nope", { to: ["alice"], payload: {} })).status).toBe(404);
    expect((await trigger("off", { to: ["alice"], payload: { text: "x" } })).status).toBe(409);
    expect((await trigger("comment.inapp", { to: [], payload: {} })).status).toBe(400);
  });

  it("ends a run throttled past its throttle step's limit, and fails one whose delay renders no date", async () => {
    const first = await trigger("once.an.hour", { to: ["alice"], payload: { text: "t" } });
    const second = await trigger("once.an.hour", { to: ["alice"], payload: { text: "t" } });
    await drain();
    expect((await runRow(first.json.data.run_ids[0])).status).toBe("completed");
    const runId = second.json.data.run_ids[0];
    expect((await runRow(runId)).status).toBe("throttled");
    expect((await stepRows(runId)).find((s) => s.stepId === "limit")).toMatchObject({
      status: "cancelled",
      outcome: { reason: "throttled", throttle: { limit: 1, count: 1 } },
    });
    const bad = await trigger("morning", { to: ["alice"], payload: { text: "t", due_at: "soon" } });
    const badRun = bad.json.data.run_ids[0];
    await drain();
    clock.advance(24 * 60 * MINUTE);
    await wakeDueRuns(t.database.db);
    await drain();
    expect((await runRow(badRun)).status).toBe("failed");
    expect((await stepRows(badRun)).find((s) => s.stepId === "due")).toMatchObject({
      status: "failed",
      outcome: { reason: 'until rendered "soon", not an RFC 3339 date-time' },
    });
  });

  it("renders a template step with the payload as its params, and names a missing variable at trigger", async () => {
    const missing = await trigger("order.shipped", { to: ["bob"], payload: {} });
    expect(missing.status).toBe(400);
    expect(missing.json.errors).toEqual([
      { field: "payload.order", message: "is required by template order_shipped (step inapp)" },
    ]);
    const res = await trigger("order.shipped", { to: ["bob"], payload: { order: "A-17" } });
    const runId = res.json.data.run_ids[0];
    await drain();
    const [note] = (await notificationsOf("bob")).filter((n) => n.title.startsWith("Order"));
    expect(note).toMatchObject({ title: "Order A-17 shipped", content: "Hi Bob" });
    const [d] = await runDeliveries(runId);
    expect(await processDelivery(t.database.db, d!.id)).toBe("sent");
    const [mail] = await t.database.db.select().from(devOutbox).where(eq(devOutbox.deliveryId, d!.id));
    expect(mail).toMatchObject({ subject: "Order A-17 is on its way", to: "bob@example.com" });
  });

  it("a cancel stops the queued delivery of a step already run, and only the recipients named", async () => {
    const res = await trigger("email.first", {
      to: ["alice", "bob"],
      payload: { text: "Hold on" },
      cancellation_key: "k-9",
    });
    const [aliceRun, bobRun] = res.json.data.run_ids as string[];
    await drain();
    const cancelled = await cancel("email.first", { cancellation_key: "k-9", recipients: ["alice"] });
    expect(cancelled.json.data).toEqual({ cancelled: 1, run_ids: [aliceRun] });
    const [aliceDelivery] = await runDeliveries(aliceRun!);
    expect(aliceDelivery).toMatchObject({ status: "cancelled", reason: "cancelled" });
    expect(await processDelivery(t.database.db, aliceDelivery!.id)).toBeNull();
    const [bobDelivery] = await runDeliveries(bobRun!);
    expect(await processDelivery(t.database.db, bobDelivery!.id)).toBe("sent");
    clock.advance(61 * MINUTE);
    expect(await wakeDueRuns(t.database.db)).toBe(1);
    await drain();
    expect((await runRow(bobRun!)).status).toBe("completed");
    expect((await runRow(aliceRun!)).status).toBe("cancelled");
    expect((await notificationsOf("alice")).filter((n) => n.content === "Hold on")).toHaveLength(0);
  });

  it("a recipient deleted during a delay ends the run cancelled; a lost step job is queued again", async () => {
    await upsertUser(t.database.db, tenantId, { externalId: "ivy", email: "ivy@example.com" });
    const res = await trigger("email.first", { to: ["ivy"], payload: { text: "Bye" } });
    const runId = res.json.data.run_ids[0];
    // The first step's job is lost before it ran; the sweeper gives the stalled run its job again.
    await t.database.db.execute(sql`delete from pgboss.job where name = ${WORKFLOW_STEP_QUEUE}`);
    await t.database.db.execute(
      sql`update workflow_runs set updated_at = now() - interval '10 minutes' where id = ${runId}`,
    );
    expect(await requeueStalledRuns(t.database.db)).toBe(1);
    await drain();
    expect((await runRow(runId)).status).toBe("waiting");
    await t.database.db
      .update(users)
      .set({ deletedAt: new Date() })
      .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "ivy")));
    clock.advance(61 * MINUTE);
    await wakeDueRuns(t.database.db);
    await drain();
    expect((await runRow(runId)).status).toBe("cancelled");
    expect((await stepRows(runId)).find((s) => s.stepId === "inapp")).toMatchObject({
      status: "cancelled",
      outcome: { reason: "user_deleted" },
    });
  });

  it("waits until 09:00 in the recipient's zone, then until the payload's date-time", async () => {
    await upsertUser(t.database.db, tenantId, { externalId: "jo", timezone: "Europe/Paris" });
    clock.set("2026-06-01T05:00:00Z"); // 07:00 in Paris (summer time)
    const res = await trigger("morning", {
      to: ["jo"],
      payload: { text: "Due", due_at: "2026-06-03T12:00:00Z" },
    });
    const runId = res.json.data.run_ids[0];
    await drain();
    expect((await runRow(runId)).wakeAt).toEqual(new Date("2026-06-01T07:00:00Z"));
    clock.set("2026-06-01T07:00:00Z");
    await wakeDueRuns(t.database.db);
    await drain();
    expect((await runRow(runId)).wakeAt).toEqual(new Date("2026-06-03T12:00:00Z"));
    clock.set("2026-06-03T12:00:01Z");
    await wakeDueRuns(t.database.db);
    await drain();
    expect((await runRow(runId)).status).toBe("completed");
    expect((await notificationsOf("jo")).map((n) => n.content)).toEqual(["Due"]);
  });

  it("waits until 09:00 local across a DST change: the wall time holds, the instant moves an hour", async () => {
    await upsertUser(t.database.db, tenantId, { externalId: "ny", timezone: "America/New_York" });
    // Saturday 10:00 EDT; New York falls back overnight, so Sunday's 09:00 is EST, 14:00Z (not 13:00Z).
    clock.set("2026-10-31T14:00:00Z");
    const res = await trigger("morning", {
      to: ["ny"],
      payload: { text: "Sunday", due_at: "2026-10-01T00:00:00Z" },
    });
    const runId = res.json.data.run_ids[0];
    await drain();
    expect((await runRow(runId)).wakeAt).toEqual(new Date("2026-11-01T14:00:00Z"));
    clock.set("2026-11-01T13:30:00Z"); // 08:30 EST: yesterday's offset would have fired already
    expect(await wakeDueRuns(t.database.db)).toBe(0);
    await drain();
    expect((await runRow(runId)).status).toBe("waiting");
    clock.set("2026-11-01T14:00:00Z");
    await wakeDueRuns(t.database.db);
    await drain(); // the date-time delay is already past: it wakes at once
    expect((await runRow(runId)).status).toBe("completed");
    expect((await notificationsOf("ny")).map((n) => n.content)).toEqual(["Sunday"]);
  });

  it("lists runs newest first with filters and cursors; another tenant's run is 404", async () => {
    const res = await trigger("comment.inapp", { to: ["fay", "gus", "hal"], payload: { text: "List" } });
    await drain();
    const ids = res.json.data.run_ids as string[];
    const page1 = await api("GET", "/api/v1/workflow-runs?workflow=comment.inapp&page_size=2", {
      headers: H,
    });
    expect(page1.status).toBe(200);
    expect(page1.json.data.runs).toHaveLength(2);
    expect(page1.json.data.next_cursor).toBeTruthy();
    const page2 = await api(
      "GET",
      `/api/v1/workflow-runs?workflow=comment.inapp&page_size=2&cursor=${page1.json.data.next_cursor}`,
      { headers: H },
    );
    const seen = [...page1.json.data.runs, ...page2.json.data.runs].map((r: { id: string }) => r.id);
    expect(new Set(seen).size).toBe(seen.length);
    const byUser = await api("GET", "/api/v1/workflow-runs?user_id=gus", { headers: H });
    expect(byUser.json.data.runs.map((r: { id: string }) => r.id)).toEqual([ids[1]]);
    const failed = await api("GET", "/api/v1/workflow-runs?status=failed", { headers: H });
    expect(failed.json.data.runs.every((r: { status: string }) => r.status === "failed")).toBe(true);
    expect(failed.json.data.runs.length).toBeGreaterThan(0);
    expect((await getRun(ids[0]!)).json.data.steps).toHaveLength(1);
    expect((await getRun(ids[0]!, bearer(keyB))).status).toBe(404);
    const other = await api("GET", "/api/v1/workflow-runs", { headers: bearer(keyB) });
    expect(other.json.data.runs).toEqual([]);
  });

  describe("the recipient's preferences per workflow and category", () => {
    const both = (key: string, over: Record<string, unknown> = {}) => ({
      key,
      name: key,
      category: "comments",
      steps: [
        inapp,
        { id: "email", type: "email", subject: "{{ payload.text }}", html: "<p>{{ payload.text }}</p>" },
      ],
      ...over,
    });
    const prefer = (userId: string, body: unknown) =>
      api("PUT", `/api/v1/users/${userId}/preferences`, { headers: H, body });

    /** Runs the trigger to the end and says what each step and delivery did. */
    async function outcomeOf(key: string, userId: string) {
      const res = await trigger(key, { to: [userId], payload: { text: `${key} for ${userId}` } });
      expect(res.status, JSON.stringify(res.json)).toBe(202);
      const runId = res.json.data.run_ids[0] as string;
      await drain();
      const delivered = await Promise.all(
        (await runDeliveries(runId)).map((d) => processDelivery(t.database.db, d.id)),
      );
      const steps = await stepRows(runId);
      const inappStep = steps.find((s) => s.stepId === "inapp")!;
      const [email] = await runDeliveries(runId);
      return {
        run: (await runRow(runId)).status,
        inapp: inappStep.status === "skipped" ? (inappStep.outcome as { reason: string }).reason : "sent",
        email: delivered[0] === "skipped" ? email!.reason : delivered[0],
        notifications: (await notificationsOf(userId)).filter((n) => n.content === `${key} for ${userId}`)
          .length,
      };
    }

    beforeAll(async () => {
      for (const wf of [
        both("comment.both"),
        both("comment.other"),
        both("security.alert", { critical: true }),
      ]) {
        const created = await api("POST", "/api/v1/workflows", { headers: H, body: wf });
        expect(created.status, JSON.stringify(created.json)).toBe(201);
      }
      for (const id of ["pia", "jon", "kim"])
        await upsertUser(t.database.db, tenantId, { externalId: id, email: `${id}@example.com` });
    });

    it("a workflow turned off sends nothing, in-app included; another workflow still goes out", async () => {
      const saved = await prefer("pia", { workflows: { "comment.both": { enabled: false } } });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
      expect(saved.json.data.workflows).toEqual({ "comment.both": { enabled: false } });
      expect(await outcomeOf("comment.both", "pia")).toEqual({
        run: "completed",
        inapp: "workflow_disabled",
        email: "workflow_disabled",
        notifications: 0,
      });
      expect(await outcomeOf("comment.other", "pia")).toEqual({
        run: "completed",
        inapp: "sent",
        email: "sent",
        notifications: 1,
      });
    });

    it("a category's channel list limits its workflows; a workflow's own entry wins", async () => {
      const saved = await prefer("jon", {
        categories: { comments: { enabled: true, channels: ["app"] } },
        workflows: { "comment.other": { enabled: true, channels: ["email"] } },
      });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
      expect(await outcomeOf("comment.both", "jon")).toMatchObject({
        inapp: "sent",
        email: "not_chosen_for_workflow",
      });
      expect(await outcomeOf("comment.other", "jon")).toMatchObject({
        inapp: "not_chosen_for_workflow",
        email: "sent",
        notifications: 0,
      });
    });

    it("a critical workflow bypasses every opt-out and quiet hours", async () => {
      const saved = await prefer("kim", {
        workflows: { "security.alert": { enabled: false } },
        categories: { comments: { enabled: false } },
        disabled_channels: ["email"],
        mute_until: new Date(clock.now().getTime() + 24 * 60 * MINUTE).toISOString(),
        do_not_disturb: { start: "00:00", end: "23:59" },
      });
      expect(saved.status, JSON.stringify(saved.json)).toBe(200);
      expect(await outcomeOf("security.alert", "kim")).toEqual({
        run: "completed",
        inapp: "sent",
        email: "sent",
        notifications: 1,
      });
      expect(await outcomeOf("comment.both", "kim")).toMatchObject({
        inapp: "workflow_disabled",
        email: "workflow_disabled",
      });
    });

    it("refuses a malformed choice naming the field, and saves nothing", async () => {
      for (const [body, field] of [
        [{ workflows: { "Not A Key": { enabled: false } } }, "workflows.Not A Key"],
        [{ workflows: { "comment.both": { enabled: "no" } } }, "workflows.comment.both.enabled"],
        [
          { categories: { comments: { enabled: true, channels: ["fax"] } } },
          "categories.comments.channels.0",
        ],
        [{ categories: { comments: { enabled: true, extra: 1 } } }, "categories.comments.extra"],
      ] as const) {
        const res = await prefer("pia", body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const now = await api("GET", "/api/v1/users/pia/preferences", { headers: H });
      expect(now.json.data.workflows).toEqual({ "comment.both": { enabled: false } });
      expect(now.json.data.categories).toEqual({});
    });
  });
});
