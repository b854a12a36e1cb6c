// The workflow step queue under the real workers: a trigger's steps run by themselves, one after the
// other, and the email step's delivery goes out through the delivery workers; a digest's racing
// triggers under two worker nodes make one continuation; a topic's fan-out batches run by
// themselves too.
import { and, eq, inArray } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries, notifications, users, workflowRuns } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES, startWorkers } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_engine_worker_test_key_0123456789abcd";
const H = bearer(KEY);

describe("workflow steps under the workers", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let second: PgBoss;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await startWorkers(boss);
    // A second worker node on the same database.
    second = await startQueue(t.database, QUEUES);
    await startWorkers(second);
    await upsertUser(t.database.db, tenantId, { externalId: "pia", email: "pia@example.com" });
  });
  afterAll(async () => {
    setQueue(undefined);
    await second.stop({ graceful: false, timeout: 1000 });
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  it("runs every step of a trigger and sends its email", async () => {
    const created = await api("POST", "/api/v1/workflows", {
      headers: H,
      body: {
        key: "welcome",
        name: "Welcome",
        steps: [
          { id: "inapp", type: "in_app", title: "Welcome", content: "Hi {{ user.user_id }}" },
          { id: "email", type: "email", subject: "Welcome", html: "<p>Hi</p>" },
        ],
      },
    });
    expect(created.status).toBe(201);
    const res = await api("POST", "/api/v1/workflows/welcome/trigger", {
      headers: H,
      body: { to: ["pia"] },
    });
    expect(res.status).toBe(202);
    const runId = res.json.data.run_ids[0] as string;
    const deadline = Date.now() + 15_000;
    let state = { run: "", delivery: "" };
    while (Date.now() < deadline) {
      const [run] = await t.database.db.select().from(workflowRuns).where(eq(workflowRuns.id, runId));
      const [d] = await t.database.db.select().from(deliveries).where(eq(deliveries.workflowRunId, runId));
      state = { run: run!.status, delivery: d?.status ?? "" };
      if (state.run === "completed" && state.delivery === "sent") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(state).toEqual({ run: "completed", delivery: "sent" });
    const log = await api("GET", `/api/v1/deliveries?workflow_run_id=${runId}`, { headers: H });
    expect(log.json.data.deliveries).toMatchObject([
      { workflow_run_id: runId, workflow_step_id: "email", notification_id: null, status: "sent" },
    ]);
  });

  it("twenty racing triggers of a digest, under two worker nodes, make one continuation", async () => {
    const created = await api("POST", "/api/v1/workflows", {
      headers: H,
      body: {
        key: "comments.digest",
        name: "Comments digest",
        steps: [
          { id: "collect", type: "digest", window: { amount: 1, unit: "hours" }, max_events: 20 },
          {
            id: "inapp",
            type: "in_app",
            title: "{{ digest.count }} comments",
            content: "{{ digest.last.n }}",
          },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const calls = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        api("POST", "/api/v1/workflows/comments.digest/trigger", {
          headers: H,
          body: { to: ["quinn"], payload: { n } },
        }),
      ),
    );
    const runIds = calls.map((c) => c.json.data.run_ids[0] as string);
    const [quinn] = await t.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "quinn")));
    const deadline = Date.now() + 20_000;
    let open = runIds.length;
    while (Date.now() < deadline && open > 0) {
      await new Promise((r) => setTimeout(r, 200));
      const runs = await t.database.db.select().from(workflowRuns).where(inArray(workflowRuns.id, runIds));
      open = runs.filter((r) => r.status !== "completed").length;
    }
    expect(open).toBe(0);
    const sent = await t.database.db.select().from(notifications).where(eq(notifications.userId, quinn!.id));
    expect(sent.map((n) => n.title)).toEqual(["20 comments"]);
  });

  it("fans a topic trigger out to its subscribers", async () => {
    expect((await api("PUT", "/api/v1/topics/team", { headers: H, body: { name: "Team" } })).status).toBe(
      201,
    );
    await api("POST", "/api/v1/topics/team/subscribers", {
      headers: H,
      body: { user_ids: ["pia", "quin", "ray"] },
    });
    const res = await api("POST", "/api/v1/workflows/welcome/trigger", {
      headers: H,
      body: { to: { topic: "team" }, actor: "ray", exclude_actor: true },
    });
    expect(res.status).toBe(202);
    const id = res.json.data.trigger_id as string;
    const deadline = Date.now() + 15_000;
    let runs: string[] = [];
    while (Date.now() < deadline) {
      const page = await api("GET", `/api/v1/workflow-runs?trigger_id=${id}`, { headers: H });
      runs = page.json.data.runs.map((r: { user_id: string; status: string }) => `${r.user_id}:${r.status}`);
      if (runs.length === 2 && runs.every((r) => r.endsWith(":completed"))) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(runs.sort()).toEqual(["pia:completed", "quin:completed"]);
    expect((await api("GET", `/api/v1/workflow-triggers/${id}`, { headers: H })).json.data).toMatchObject({
      status: "completed",
      runs_created: 2,
    });
  });
});
