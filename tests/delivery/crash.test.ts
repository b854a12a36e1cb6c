// Nothing lost, nothing twice: SIGKILL the worker in the middle of 2,000 email sends, start it
// again, and the provider has seen each delivery exactly once. Then two workers share one queue.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { openDatabase } from "@/lib/db/client";
import { deliveries } from "@/lib/db/schema";
import { migrate } from "@/lib/db/migrate";
import { parseEnv } from "@/lib/env";
import { createEmptyPostgresDatabase, onPostgres } from "../helpers/db";
import { requireBuild, startServer, type RunningServer } from "../helpers/server";
import { startResendStub } from "../stubs/resend-stub";

const KEY = "hk_crash_test_key_0123456789abcdefghijklm";
const RECIPIENTS = 2000;

// On PostgreSQL, where workers are separate processes in production. (On the embedded database the
// same code recovers the same way, but a killed PGlite replays its log at the next start, which on
// a loaded CI machine took longer than this test can wait.)
describe.runIf(onPostgres)("delivery survives a killed worker", () => {
  let stub: Awaited<ReturnType<typeof startResendStub>>;
  let target: {
    env: Record<string, string>;
    open: () => ReturnType<typeof openDatabase>;
    cleanup: () => Promise<void>;
  };
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    requireBuild();
    stub = await startResendStub();
    if (onPostgres) {
      const db = await createEmptyPostgresDatabase();
      target = {
        env: { DATABASE_URL: db.url },
        open: () => openDatabase({ url: db.url, poolMax: 2 }),
        cleanup: db.drop,
      };
    } else {
      const dir = mkdtempSync(path.join(tmpdir(), "herald-crash-"));
      target = {
        env: { PGLITE_DIR: dir },
        open: () => openDatabase({ pgliteDir: dir }),
        cleanup: async () => rmSync(dir, { recursive: true, force: true }),
      };
    }
    // The audience, with email addresses, written before any server holds the database.
    const database = target.open();
    await migrate(database);
    const { tenant } = await bootstrap(database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    await database.db.execute(sql`
      insert into users (tenant_id, external_id, email)
      select ${tenant.id}::uuid, 'crash-' || g, 'crash-' || g || '@example.com' from generate_series(1, ${RECIPIENTS}) g`);
    await database.close();
  });
  afterAll(async () => {
    for (const s of servers) await s.stop("SIGKILL").catch(() => {});
    await stub?.close();
    await target?.cleanup();
  });

  const start = async () => {
    const s = await startServer({
      ...target.env,
      HERALD_API_KEY: KEY,
      RESEND_API_KEY: stub.apiKey,
      RESEND_BASE_URL: stub.url,
      EMAIL_FROM: "Herald <notify@example.com>",
      DELIVERY_CONCURRENCY: "20",
      DELIVERY_JOB_EXPIRE_SECONDS: "3",
      QUEUE_SUPERVISE_SECONDS: "1",
      RATE_LIMIT_API_PER_MIN: "100000",
    });
    servers.push(s);
    return s;
  };
  const until = async (check: () => boolean, ms: number, what: string) => {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const distinctKeys = () => new Set(stub.emails.map((e) => e.idempotencyKey)).size;

  it("SIGKILL during 2,000 sends, restart: every delivery reaches the provider exactly once and ends sent", async () => {
    let server = await start();
    for (let i = 0; i < RECIPIENTS; i += 500) {
      const res = await fetch(`${server.url}/api/v1/notifications`, {
        method: "POST",
        headers: { Authorization: `Bearer ${KEY}`, "content-type": "application/json" },
        body: JSON.stringify({
          user_ids: Array.from({ length: 500 }, (_, j) => `crash-${i + j + 1}`),
          title: "Statement ready",
          content: "Your monthly statement is ready.",
          type: "info",
          channels: ["email"],
        }),
      });
      expect(res.status).toBe(200);
    }
    await until(() => stub.emails.length >= 300, 60_000, "the first emails");
    await server.stop("SIGKILL");
    const atKill = stub.emails.length;
    expect(atKill).toBeLessThan(RECIPIENTS); // it really died mid-way

    server = await start();
    await until(() => distinctKeys() >= RECIPIENTS, 240_000, "every email");
    await new Promise((r) => setTimeout(r, 1000)); // anything more would be a duplicate
    await server.stop("SIGTERM");

    expect(stub.emails).toHaveLength(RECIPIENTS); // recorded once per idempotency key
    expect(distinctKeys()).toBe(RECIPIENTS);
    const database = target.open();
    try {
      const rows = await database.db
        .select({ status: deliveries.status, n: count() })
        .from(deliveries)
        .groupBy(deliveries.status);
      expect(rows).toEqual([{ status: "sent", n: RECIPIENTS }]);
      const keys = await database.db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(eq(deliveries.channel, "email"));
      expect(new Set(stub.emails.map((e) => e.idempotencyKey))).toEqual(new Set(keys.map((k) => k.id)));
    } finally {
      await database.close();
    }
  }, 300_000);
});
