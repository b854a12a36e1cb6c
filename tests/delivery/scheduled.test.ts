// Scheduled email: the queue holds the delivery until its time, the worker then sends it, and
// cancelling before then means it is never sent. Resend SDK → local Resend stub. How late after its
// time a send goes depends on the machine's load, so it is not asserted here (the workers poll every
// 0.5 s); the waits below only bound how long the test looks.
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries, notifications } from "@/lib/db/schema";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv, resetEnv } from "@/lib/env";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES, startWorkers } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startResendStub } from "../stubs/resend-stub";

const KEY = "hk_scheduled_test_key_0123456789abcdefghi";
// How long past its time the test keeps looking for the email (not a timing assertion).
const LOOK_MS = 15_000;

describe("scheduled email delivery", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let stub: Awaited<ReturnType<typeof startResendStub>>;

  beforeAll(async () => {
    stub = await startResendStub();
    process.env.RESEND_API_KEY = stub.apiKey;
    process.env.RESEND_BASE_URL = stub.url;
    process.env.EMAIL_FROM = "Herald <notify@example.com>";
    resetEnv();
    t = await createTestDatabase();
    const { tenant } = await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await startWorkers(boss);
    await upsertUser(t.database.db, tenant.id, { externalId: "uma", email: "uma@example.com" });
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await stub.close();
    await closeProviders();
    for (const k of ["RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM"]) delete process.env[k];
    resetEnv();
  });

  /** An email-only send to uma at `at`, through the API; its notification and delivery ids. */
  const schedule = async (at: Date) => {
    const res = await api("POST", "/api/v1/notifications", {
      headers: bearer(KEY),
      body: {
        user_ids: ["uma"],
        title: "Your report",
        content: "The weekly report is ready.",
        type: "info",
        channels: ["email"],
        schedule_at: at.toISOString(),
      },
    });
    expect(res.status).toBe(200);
    expect(res.json.data.scheduled_at).toBe(at.toISOString());
    const id: string = res.json.data.notifications[0].id;
    const [d] = await t.database.db.select().from(deliveries).where(eq(deliveries.notificationId, id));
    return { id, deliveryId: d!.id };
  };
  const received = (deliveryId: string) => stub.emails.filter((e) => e.idempotencyKey === deliveryId);
  const until = async (check: () => Promise<boolean> | boolean, ms: number) => {
    const end = Date.now() + ms;
    while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  };

  it("is sent after its time, not before, and the notification ends sent", async () => {
    const at = new Date(Date.now() + 3000);
    const { id, deliveryId } = await schedule(at);
    await until(() => received(deliveryId).length > 0, 3000 + LOOK_MS);

    const [email] = received(deliveryId);
    expect(email, "the scheduled email never arrived").toBeDefined();
    expect(email!.body.to).toBe("uma@example.com");
    expect(email!.receivedAt.getTime()).toBeGreaterThanOrEqual(at.getTime());

    // Email was its only channel: the notification follows the delivery once the batch is released.
    const notificationStatus = async () =>
      (await t.database.db.select().from(notifications).where(eq(notifications.id, id)))[0]!.status;
    await until(async () => (await notificationStatus()) === "sent", 5000);
    expect(await notificationStatus()).toBe("sent");
    const [d] = await t.database.db.select().from(deliveries).where(eq(deliveries.id, deliveryId));
    expect(d).toMatchObject({ status: "sent", attempts: 1 });
    expect(received(deliveryId)).toHaveLength(1);
  });

  it("cancelled before its time, it is never sent", async () => {
    const at = new Date(Date.now() + 3000);
    const { id, deliveryId } = await schedule(at);
    const cancel = await api("POST", `/api/v1/notifications/${id}/cancel`, {
      headers: bearer(KEY),
    });
    expect(cancel.status).toBe(200);
    expect(cancel.json.data.notification.status).toBe("cancelled");

    // Past its time, with margin for the workers' polling: nothing went out.
    await new Promise((r) => setTimeout(r, at.getTime() + 3500 - Date.now()));
    expect(received(deliveryId)).toHaveLength(0);
    const [d] = await t.database.db.select().from(deliveries).where(eq(deliveries.id, deliveryId));
    expect(d).toMatchObject({ status: "cancelled", reason: "cancelled" });
    const [n] = await t.database.db.select().from(notifications).where(eq(notifications.id, id));
    expect(n!.status).toBe("cancelled");
  });
});
