import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PgBoss } from "pg-boss";
import { idempotencyKeys } from "@/lib/db/schema";
import { HOUSEKEEPING_QUEUE, runHousekeeping } from "@/lib/jobs/housekeeping";
import { createQueue } from "@/lib/queue/boss";
import { ensureDefaultTenant } from "@/lib/tenants/tenants";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

describe("queue on the process database", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  beforeAll(async () => {
    t = await createTestDatabase();
    boss = createQueue(t.database);
    await boss.start();
  });
  afterAll(async () => {
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  it("runs a job sent to a queue and hands back its result", async () => {
    await boss.createQueue("echo");
    const done = new Promise<unknown>((resolve) => {
      void boss.work<{ n: number }>("echo", { pollingIntervalSeconds: 0.5 }, async ([job]) => {
        resolve(job!.data);
      });
    });
    await boss.send("echo", { n: 42 });
    expect(await done).toEqual({ n: 42 });
  });

  it("housekeeping deletes idempotency keys past their window and keeps live ones", async () => {
    const db = t.database.db;
    const tenant = await ensureDefaultTenant(db);
    const hour = 3600_000;
    await db.insert(idempotencyKeys).values([
      {
        tenantId: tenant.id,
        scope: "k",
        key: "old",
        requestHash: "h",
        expiresAt: new Date(Date.now() - hour),
      },
      {
        tenantId: tenant.id,
        scope: "k",
        key: "live",
        requestHash: "h",
        expiresAt: new Date(Date.now() + hour),
      },
    ]);
    expect(await runHousekeeping(db)).toEqual({
      idempotencyKeysDeleted: 1,
      webhookEventsDeleted: 0,
      snoozesWoken: 0,
    });
    const left = await db.select({ key: idempotencyKeys.key }).from(idempotencyKeys);
    expect(left.map((r) => r.key)).toEqual(["live"]);
    await boss.createQueue(HOUSEKEEPING_QUEUE);
  });
});
