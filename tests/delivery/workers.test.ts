// Two worker processes on one database share the email queue: every delivery is sent exactly once.
import { count, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { openDatabase, type Database } from "@/lib/db/client";
import { deliveries } from "@/lib/db/schema";
import { migrate } from "@/lib/db/migrate";
import { parseEnv } from "@/lib/env";
import { sendNotifications } from "@/lib/notifications/send";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES } from "@/server/worker";
import { createEmptyPostgresDatabase, onPostgres } from "../helpers/db";
import { startServer, type RunningServer } from "../helpers/server";
import { startResendStub } from "../stubs/resend-stub";

const RECIPIENTS = 500;

// PostgreSQL only: PGlite is one process's embedded database, so it has no second worker process.
describe.runIf(onPostgres)("two worker processes", () => {
  let stub: Awaited<ReturnType<typeof startResendStub>>;
  let target: { url: string; drop(): Promise<void> };
  let database: Database;
  let tenantId: string;
  const workers: RunningServer[] = [];

  beforeAll(async () => {
    stub = await startResendStub();
    target = await createEmptyPostgresDatabase();
    database = openDatabase({ url: target.url, poolMax: 4 });
    await migrate(database);
    tenantId = (await bootstrap(database.db, parseEnv({ NODE_ENV: "test" }))).tenant.id;
    await database.db.execute(sql`
      insert into users (tenant_id, external_id, email)
      select ${tenantId}::uuid, 'pair-' || g, 'pair-' || g || '@example.com' from generate_series(1, ${RECIPIENTS}) g`);
  });
  afterAll(async () => {
    setQueue(undefined);
    for (const w of workers) await w.stop("SIGKILL").catch(() => {});
    await database?.close();
    await stub?.close();
    await target?.drop();
  });

  it("each delivery reaches the provider exactly once and every row ends sent", async () => {
    // Each worker signs its emails with its own sender, so the stub can tell that both took jobs.
    for (const [i, name] of ["one", "two"].entries()) {
      workers.push(
        await startServer(
          {
            DATABASE_URL: target.url,
            RESEND_API_KEY: stub.apiKey,
            RESEND_BASE_URL: stub.url,
            EMAIL_FROM: `Worker ${name} <${name}@example.com>`,
            DELIVERY_CONCURRENCY: "20",
            PORT: String(3460 + i),
          },
          ["--role=worker"],
        ),
      );
    }
    // The test process is the sender (a web node's part): rows and jobs in one transaction.
    const boss = await startQueue(database, QUEUES, { work: false });
    setQueue(boss);
    try {
      const sent = await sendNotifications(
        database.db,
        { tenantId, apiKeyId: null },
        {
          user_ids: Array.from({ length: RECIPIENTS }, (_, i) => `pair-${i + 1}`),
          title: "Statement ready",
          content: "Your monthly statement is ready.",
          type: "info",
          priority: "normal",
          channels: ["email"],
          metadata: {},
        },
      );
      expect(sent.count).toBe(RECIPIENTS);
    } finally {
      setQueue(undefined);
      await boss.stop({ graceful: false, timeout: 1000 });
    }

    const distinctKeys = () => new Set(stub.emails.map((e) => e.idempotencyKey)).size;
    const deadline = Date.now() + 120_000;
    while (distinctKeys() < RECIPIENTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000)); // anything more would be a duplicate

    expect(distinctKeys()).toBe(RECIPIENTS);
    expect(stub.attempts()).toBe(RECIPIENTS); // not even a repeated request the stub deduplicated
    const bySender = new Map<string, number>();
    for (const e of stub.emails) bySender.set(e.body.from, (bySender.get(e.body.from) ?? 0) + 1);
    expect([...bySender.keys()].sort()).toEqual([
      "Worker one <one@example.com>",
      "Worker two <two@example.com>",
    ]);

    const statuses = await database.db
      .select({ status: deliveries.status, n: count() })
      .from(deliveries)
      .groupBy(deliveries.status);
    expect(statuses).toEqual([{ status: "sent", n: RECIPIENTS }]);
    const keys = await database.db.select({ id: deliveries.id }).from(deliveries);
    expect(new Set(stub.emails.map((e) => e.idempotencyKey))).toEqual(new Set(keys.map((k) => k.id)));
  }, 240_000);
});
