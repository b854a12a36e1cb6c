// Retention: notifications older than the tenant's retention_days (else RETENTION_DAYS) are
// hard-deleted with their deliveries and delivery attempts, in batches; newer rows and other
// tenants' rows stay.
import { randomUUID } from "node:crypto";
import { count, eq, inArray, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { ManualClock, useClock, type Clock } from "@/lib/clock";
import type { Db } from "@/lib/db/client";
import { deliveries, deliveryAttempts, notifications, tenants } from "@/lib/db/schema";
import { parseEnv, resetEnv } from "@/lib/env";
import { runRetention } from "@/lib/jobs/retention";
import { sendNotifications } from "@/lib/notifications/send";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { updateTenantSettings } from "@/lib/tenants/settings";
import { QUEUES } from "@/server/worker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_retention_test_key_0123456789abcdef0123";
const DAY = 24 * 60 * 60 * 1000;
const SYSTEM = { type: "system" as const, id: null };

describe("retention", () => {
  let t: TestDatabase;
  let db: Db;
  let boss: PgBoss;
  let tenantId: string;
  let otherId: string;
  let clock: ManualClock;
  let previousClock: Clock;

  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.database.db;
    tenantId = (await bootstrap(db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    otherId = (
      await db
        .insert(tenants)
        .values({ slug: "other", name: "Other", tokenSecret: randomUUID() + randomUUID() })
        .returning({ id: tenants.id })
    )[0]!.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    clock = new ManualClock(new Date());
    previousClock = useClock(clock);
  });
  afterEach(() => {
    delete process.env.RETENTION_DAYS;
    resetEnv();
  });
  afterAll(async () => {
    useClock(previousClock);
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  /** A send to `users` (with an email delivery and one attempt each), created `daysAgo` days ago. */
  const sendAged = async (tenant: string, users: string[], daysAgo: number) => {
    const sent = await sendNotifications(
      db,
      { tenantId: tenant, apiKeyId: null },
      {
        user_ids: users,
        title: `From ${daysAgo} days ago`,
        content: "x",
        type: "info",
        priority: "normal",
        channels: ["app", "email"],
        metadata: {},
      },
    );
    const ids = sent.notifications!.map((n) => n.id);
    const created = new Date(clock.now().getTime() - daysAgo * DAY).toISOString();
    await db.execute(
      sql`update notifications set created_at = ${created}::timestamptz where id = any(${sql.param(ids)}::uuid[])`,
    );
    const rows = await db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(inArray(deliveries.notificationId, ids));
    await db.insert(deliveryAttempts).values(
      rows.map((d) => ({
        tenantId: tenant,
        deliveryId: d.id,
        attempt: 1,
        provider: "outbox",
        outcome: "sent" as const,
        startedAt: new Date(),
        endedAt: new Date(),
      })),
    );
    return ids;
  };
  const present = async (ids: string[]) =>
    (await db.select({ n: count() }).from(notifications).where(inArray(notifications.id, ids)))[0]!.n;
  const deliveriesOf = async (ids: string[]) =>
    (await db.select({ n: count() }).from(deliveries).where(inArray(deliveries.notificationId, ids)))[0]!.n;
  const attemptsOf = async (tenant: string) =>
    (await db.select({ n: count() }).from(deliveryAttempts).where(eq(deliveryAttempts.tenantId, tenant)))[0]!
      .n;

  it("deletes the tenant's rows older than its retention_days with their deliveries and attempts, in batches; newer and other tenants' rows stay", async () => {
    const users = Array.from({ length: 7 }, (_, i) => `old-${i}`);
    const old = await sendAged(tenantId, users, 40);
    const recent = await sendAged(tenantId, ["new-0", "new-1"], 10);
    const otherOld = await sendAged(otherId, ["x-0", "x-1"], 40);
    await updateTenantSettings(db, tenantId, { retention_days: 30 }, SYSTEM);
    const attemptsBefore = await attemptsOf(tenantId);
    expect(attemptsBefore).toBe(9);

    const result = await runRetention(db, 3);
    expect(result).toEqual({ notifications: 7, deliveries: 7, batches: 3 }); // 3 + 3 + 1
    expect(await present(old)).toBe(0);
    expect(await deliveriesOf(old)).toBe(0);
    expect(await attemptsOf(tenantId)).toBe(2);
    expect(await present(recent)).toBe(2);
    expect(await deliveriesOf(recent)).toBe(2);
    // The other tenant keeps everything: no retention of its own and no server default.
    expect(await present(otherOld)).toBe(2);
    expect(await attemptsOf(otherId)).toBe(2);
    expect(await runRetention(db, 3)).toEqual({ notifications: 0, deliveries: 0, batches: 0 });
  });

  it("RETENTION_DAYS applies to tenants without their own, and a tenant's own wins", async () => {
    const otherOld = await sendAged(otherId, ["y-0", "y-1"], 50);
    const otherNewer = await sendAged(otherId, ["y-2"], 20);
    const mine = await sendAged(tenantId, ["z-0"], 20);
    process.env.RETENTION_DAYS = "45";
    resetEnv();
    // This tenant keeps 30 days (its own setting from the test before): 20 days old stays.
    await runRetention(db);
    expect(await present(otherOld)).toBe(0);
    expect(await present(otherNewer)).toBe(1);
    expect(await present(mine)).toBe(1);
    clock.advance(15 * DAY);
    await runRetention(db);
    expect(await present(mine)).toBe(0);
    expect(await present(otherNewer)).toBe(1);
  });
});
