// The metrics operators' dashboards and alerts read (deploy/): what the API, the database probes and
// the queue record under them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { endpoint } from "./api/endpoint";
import { openDatabase, type Database } from "./db/client";
import { metrics } from "./metrics";
import { setQueue, startQueue } from "./queue/boss";
import type { PgBoss } from "pg-boss";

const ROUTE = "/api/v1/metrics-probe/{thing_id}";

async function valueOf(
  metric: { get(): Promise<{ values: { value: number; labels: object; metricName?: string }[] }> },
  labels: Record<string, string>,
  metricName?: string,
): Promise<number> {
  const { values } = await metric.get();
  const found = values.find(
    (v) =>
      (!metricName || v.metricName === metricName) &&
      Object.entries(labels).every(([k, want]) => (v.labels as Record<string, unknown>)[k] === want),
  );
  return found?.value ?? 0;
}

/** A connection the driver could not open, as postgres.js reports it. */
const refused = () =>
  Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });

const probe = (fail: boolean) =>
  endpoint(
    {
      method: "get",
      path: ROUTE,
      id: "metricsProbe",
      summary: "A probe for the request metrics",
      tag: "test",
      auth: "public",
      params: z.object({ thing_id: z.string() }),
      data: z.object({ id: z.string() }),
    },
    async ({ params }) => {
      if (fail) throw refused();
      return { data: { id: params.thing_id } };
    },
  );

describe("API request metrics", () => {
  const count = (status: string) =>
    valueOf(
      metrics().httpRequestDuration,
      { method: "GET", route: ROUTE, status },
      "herald_http_request_duration_seconds_count",
    );

  it("counts each answer under its route's template, not the path it was called with", async () => {
    const before = await count("200");
    for (const id of ["a", "b", "c"]) {
      const res = await probe(false).handle(new Request(`http://herald.test/api/v1/metrics-probe/${id}`), {
        thing_id: id,
      });
      expect(res.status).toBe(200);
    }
    expect(await count("200")).toBe(before + 3);
    const { values } = await metrics().httpRequestDuration.get();
    expect(values.some((v) => String(v.labels.route).includes("/metrics-probe/a"))).toBe(false);
  });

  it("a database that does not answer is a 503 counted as a database error of the API", async () => {
    const errors = () => valueOf(metrics().databaseErrors, { source: "api" });
    const before = await errors();
    const res = await probe(true).handle(new Request("http://herald.test/api/v1/metrics-probe/x"), {
      thing_id: "x",
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect(await errors()).toBe(before + 1);
    expect(await count("503")).toBeGreaterThanOrEqual(1);
  });
});

describe("queue depth", () => {
  const QUEUE = "metrics-probe";
  let database: Database;
  let boss: PgBoss;

  beforeAll(async () => {
    database = openDatabase({ pgliteDir: "memory://" });
    boss = await startQueue(database, [{ name: QUEUE }], { work: false });
    setQueue(boss);
    // pg-boss creates its schema on the embedded database first: slow on a busy machine.
  }, 120_000);
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false }).catch(() => {});
    await database.close();
  });

  const jobs = (state: string) => valueOf(metrics().queueJobs, { queue: QUEUE, state });

  it("reports the jobs due now apart from those waiting for a later time", async () => {
    await boss.send(QUEUE, { n: 1 });
    await boss.send(QUEUE, { n: 2 });
    await boss.send(QUEUE, { n: 3 }, { startAfter: 3600 });
    // The counts are pg-boss's own, refreshed by its monitor pass (a worker node's, every QUEUE_SUPERVISE_SECONDS).
    await boss.supervise(QUEUE);
    expect(await jobs("ready")).toBe(2);
    expect(await jobs("deferred")).toBe(1);
    expect(await jobs("active")).toBe(0);
  });

  it("a scrape the database cannot answer keeps the last counts and counts a database error", async () => {
    const errors = () => valueOf(metrics().databaseErrors, { source: "queue" });
    const before = await errors();
    await database.close();
    expect(await jobs("ready")).toBe(2);
    expect(await errors()).toBe(before + 1);
  });
});
