// What the console reads beside the engine: the workflows list's last 24 hours of runs per workflow
// (counts, success rate, the movable clock's window, the tenant's own runs only) and a run's plan.
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ManualClock } from "@/lib/clock";
import { workflowRuns } from "@/lib/db/schema";

import { api, bearer } from "../helpers/api";
import { type TestDatabase } from "../helpers/db";
import { openWorkflowTestbed, type WorkflowTestbed } from "../helpers/workflows";

const KEY = "hk_wf_stats_test_super_key_0123456789abc";
const H = bearer(KEY);
const HOUR = 3600_000;
const inapp = { id: "inapp", type: "in_app", title: "Hi", content: "{{ payload.text }}" };

type Stats = { runs_24h: number; completed_24h: number; failed_24h: number; success_rate: number | null };

describe("workflow list stats", () => {
  let t: TestDatabase;
  let keyB: string;
  let clock: ManualClock;
  let bed: WorkflowTestbed;

  beforeAll(async () => {
    // Runs are stamped by the database's time; the window is judged by the movable clock.
    bed = await openWorkflowTestbed(KEY, new Date());
    ({ t, clock } = bed);
    const b = await api("POST", "/api/v1/tenants", { headers: H, body: { slug: "other", name: "Other" } });
    keyB = b.json.data.api_key.key;
    for (const [key, headers] of [
      ["busy", H],
      ["quiet", H],
      ["busy", bearer(keyB)],
    ] as const) {
      const created = await api("POST", "/api/v1/workflows", {
        headers,
        body: { key, name: key, steps: [inapp] },
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
    }
  });
  afterAll(async () => {
    await bed.close();
  });

  const trigger = async (key: string, to: string[], headers = H) => {
    const res = await api("POST", `/api/v1/workflows/${key}/trigger`, {
      headers,
      body: { to, payload: { text: "x" } },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    return res.json.data.run_ids as string[];
  };
  const setStatus = (ids: string[], status: "completed" | "failed" | "throttled") =>
    t.database.db.update(workflowRuns).set({ status }).where(inArray(workflowRuns.id, ids));
  const statsOf = async (headers = H): Promise<Record<string, Stats>> => {
    const res = await api("GET", "/api/v1/workflows", { headers });
    expect(res.status).toBe(200);
    return Object.fromEntries(
      res.json.data.workflows.map((w: { key: string; stats: Stats }) => [w.key, w.stats]),
    );
  };

  it("counts each workflow's runs of the last 24 hours and the share of ended runs that did not fail", async () => {
    expect((await statsOf()).busy).toEqual({
      runs_24h: 0,
      completed_24h: 0,
      failed_24h: 0,
      success_rate: null,
    });
    const ids = await trigger("busy", ["ann", "ben", "cid", "dot", "eve"]);
    // Two completed, one failed, one throttled (an end that is not a failure), one still running.
    await setStatus(ids.slice(0, 2), "completed");
    await setStatus([ids[2]!], "failed");
    await setStatus([ids[3]!], "throttled");
    await trigger("busy", ["ann"], bearer(keyB));

    const stats = await statsOf();
    expect(stats.busy).toEqual({ runs_24h: 5, completed_24h: 2, failed_24h: 1, success_rate: 0.75 });
    expect(stats.quiet).toEqual({ runs_24h: 0, completed_24h: 0, failed_24h: 0, success_rate: null });
    // The other tenant sees its own run only.
    expect((await statsOf(bearer(keyB))).busy).toMatchObject({ runs_24h: 1, success_rate: null });
  });

  it("moves its window with the clock", async () => {
    clock.advance(23 * HOUR);
    expect((await statsOf()).busy).toMatchObject({ runs_24h: 5, success_rate: 0.75 });
    clock.advance(2 * HOUR);
    expect((await statsOf()).busy).toEqual({
      runs_24h: 0,
      completed_24h: 0,
      failed_24h: 0,
      success_rate: null,
    });
  });

  it("gives a run's planned steps beside the executed ones, before any has run", async () => {
    const created = await api("POST", "/api/v1/workflows", {
      headers: H,
      body: {
        key: "two.steps",
        name: "Two steps",
        steps: [inapp, { id: "wait", type: "delay", amount: 5, unit: "minutes" }],
      },
    });
    expect(created.status).toBe(201);
    const [id] = await trigger("two.steps", ["ann"]);
    const run = await api("GET", `/api/v1/workflow-runs/${id}`, { headers: H });
    expect(run.json.data.steps).toEqual([]);
    expect(run.json.data.planned_steps).toEqual([
      { id: "inapp", type: "in_app" },
      { id: "wait", type: "delay" },
    ]);
    expect((await api("GET", `/api/v1/workflow-runs/${id}`, { headers: bearer(keyB) })).status).toBe(404);
  });

  it("declares the stats in the list's OpenAPI schema", async () => {
    const doc = (await api("GET", "/api/v1/openapi.json")).json;
    const item = doc.components.schemas.WorkflowListItem;
    expect(item.required).toContain("stats");
    expect(doc.components.schemas.WorkflowRunStats.required).toEqual([
      "runs_24h",
      "completed_24h",
      "failed_24h",
      "success_rate",
    ]);
  });
});
