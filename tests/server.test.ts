import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/client";
import { notifications, users } from "@/lib/db/schema";
import { ensureUsers } from "@/lib/users/store";
import { ensureDefaultTenant } from "@/lib/tenants/tenants";
import { createEmptyPostgresDatabase, onPostgres } from "./helpers/db";
import { requireBuild, runToExit, startServer, TEST_SECRETS } from "./helpers/server";

const stderrLines = (s: string) => s.split("\n").filter((l) => l.trim() !== "");

// These start the process without PostgreSQL: the PGlite pass runs them, the PostgreSQL pass skips them.
describe.skipIf(onPostgres)("configuration errors stop the start with one line naming the variable", () => {
  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "nonsense" }, "DATABASE_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ MIGRATE_ON_START: "maybe" }, "MIGRATE_ON_START"],
    // An empty value counts as unset, as in a copied .env.example.
    [{ NODE_ENV: "production", AUTH_SECRET: "" }, "AUTH_SECRET"],
    [{ NODE_ENV: "production", APP_SECRET: "" }, "APP_SECRET"],
    [{ NODE_ENV: "production", AUTH_SECRET: "too-short" }, "AUTH_SECRET"],
  ])("%o → exit 1 naming %s", async (env, variable) => {
    const r = await runToExit({ NODE_ENV: "test", ...TEST_SECRETS, ...(env as Record<string, string>) });
    expect(r.code).toBe(1);
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
  });

  it("an unknown --role is refused", async () => {
    const r = await runToExit({ NODE_ENV: "test", ...TEST_SECRETS }, ["--role=everything"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--role");
  });

  it("a database that does not answer is one clear line, exit 1", async () => {
    const r = await runToExit({
      NODE_ENV: "test",
      ...TEST_SECRETS,
      DATABASE_URL: "postgres://herald@127.0.0.1:1/herald",
    });
    expect(r.code).toBe(1);
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("DATABASE_URL");
  });
});

describe.skipIf(onPostgres)("on the embedded database", () => {
  let dir: string;
  beforeAll(() => {
    requireBuild();
    dir = mkdtempSync(path.join(tmpdir(), "herald-pglite-"));
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  const counts = async () => {
    const database = openDatabase({ pgliteDir: dir });
    try {
      const [u] = await database.db.select({ n: count() }).from(users);
      const [n] = await database.db.select({ n: count() }).from(notifications);
      return { users: u!.n, notifications: n!.n };
    } finally {
      await database.close();
    }
  };

  it("starts, migrates, seeds the demo once, serves health, metrics and pages, and stops cleanly", async () => {
    const server = await startServer({ PGLITE_DIR: dir, SEED_DEMO: "true" });
    try {
      expect(server.output()).toContain("alice@herald.local");
      expect(server.output()).toContain(server.url.replace("127.0.0.1", "localhost").replace(/:\d+$/, ""));

      const health = await fetch(`${server.url}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({
        status: "healthy",
        service: "herald",
        version: expect.any(String),
        database: "pglite",
        websocket_connections: 0,
      });

      // Every response carries a request id: the caller's when given, a new one otherwise.
      const echoed = await fetch(`${server.url}/health`, { headers: { "X-Request-Id": "req-123" } });
      expect(echoed.headers.get("x-request-id")).toBe("req-123");
      expect(health.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);

      // /health (a route handler) publishes on the bus; the server's own listener counts into the
      // registry that /metrics (another route handler) reads: both must be the one process copy.
      const counted = async () => {
        const text = await (await fetch(`${server.url}/metrics`)).text();
        const m = text.match(/^herald_domain_events_total\{event="health.checked"\} (\d+)/m);
        return m ? Number(m[1]) : 0;
      };
      const before = await counted();
      expect(before).toBeGreaterThanOrEqual(2);
      await fetch(`${server.url}/health`);
      await fetch(`${server.url}/health`);
      expect(await counted()).toBe(before + 2);
      expect(await (await fetch(`${server.url}/metrics`)).text()).toContain("process_cpu_seconds_total");

      const home = await (await fetch(server.url)).text();
      expect(home).toContain("Herald");
      expect(home).toContain('href="/login"');
    } finally {
      const stopped = await server.stop("SIGTERM");
      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeLessThan(5000);
    }
    expect(await counts()).toEqual({ users: 3, notifications: 6 });
  });

  it("a second start on the same directory keeps the data and does not seed twice", async () => {
    // Something written between runs must still be there afterwards.
    const database = openDatabase({ pgliteDir: dir });
    const tenant = await ensureDefaultTenant(database.db);
    await ensureUsers(database.db, tenant.id, ["between-runs"]);
    await database.close();

    const server = await startServer({ PGLITE_DIR: dir, SEED_DEMO: "true", METRICS_TOKEN: "scrape-me" });
    try {
      expect(server.output()).toContain("alice@herald.local"); // credentials are still printed
      expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${server.url}/metrics`, { headers: { Authorization: "Bearer scrape-me" } });
      expect(ok.status).toBe(200);
    } finally {
      expect((await server.stop("SIGINT")).code).toBe(0);
    }
    expect(await counts()).toEqual({ users: 4, notifications: 6 });
  });
});

describe.runIf(onPostgres)("on PostgreSQL", () => {
  let db: Awaited<ReturnType<typeof createEmptyPostgresDatabase>>;
  beforeAll(async () => {
    requireBuild();
    db = await createEmptyPostgresDatabase();
  });
  afterAll(async () => db?.drop());

  it("migrates an empty database at start, reports it, and turns unhealthy while it does not answer", async () => {
    const server = await startServer({ DATABASE_URL: db.url });
    const name = new URL(db.url).pathname.slice(1);
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      const res = await fetch(`${server.url}/health`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "healthy", database: "postgres" });

      const direct = postgres(db.url, { max: 1 });
      const tables =
        await direct`select table_name from information_schema.tables where table_schema = 'public'`;
      await direct.end();
      expect(tables.map((t) => t.table_name)).toEqual(
        expect.arrayContaining(["notifications", "deliveries", "users"]),
      );

      await admin.unsafe(`alter database ${name} allow_connections false`);
      await admin.unsafe(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${name}'`);
      const down = await fetch(`${server.url}/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ status: "unhealthy", failing: "database" });

      await admin.unsafe(`alter database ${name} allow_connections true`);
      let back = 0;
      for (let i = 0; i < 20 && back !== 200; i++) {
        back = (await fetch(`${server.url}/health`)).status;
        if (back !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(back).toBe(200);
    } finally {
      await admin.unsafe(`alter database ${name} allow_connections true`).catch(() => {});
      await admin.end();
      await server.stop("SIGTERM");
    }
  });
});
