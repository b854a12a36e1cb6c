import { and, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { rowsOf } from "@/lib/db/client";
import { deliveries, devOutbox, notifications, users } from "@/lib/db/schema";
import { processDelivery, retryDelayMs, sweepDeliveries } from "@/lib/delivery/pipeline";
import { parseEnv } from "@/lib/env";
import { recallNotification, releaseBatch } from "@/lib/notifications/lifecycle";
import { sendNotifications } from "@/lib/notifications/send";
import type { SendInput } from "@/lib/notifications/schema";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES, startWorkers } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_pipeline_test_key_0123456789abcdefghij";

describe("channel delivery pipeline (dev outbox: no provider configured)", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    const db = t.database.db;
    await upsertUser(db, tenantId, { externalId: "pia", email: "pia@example.com", phone: "+15550001111" });
    await upsertUser(db, tenantId, { externalId: "quinn", email: "quinn@example.com" });
    await upsertUser(db, tenantId, { externalId: "ray" }); // no address at all
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  const send = (userIds: string[], channels: SendInput["channels"], extra: Partial<SendInput> = {}) =>
    sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      {
        user_ids: userIds,
        title: "Your order <b>shipped</b>",
        content: "It arrives Thursday.",
        type: "info",
        priority: "normal",
        channels,
        metadata: { action_url: "https://shop.example/orders/1", action_text: "Track it" },
        ...extra,
      },
    );
  const deliveriesOf = (notificationId: string) =>
    t.database.db.select().from(deliveries).where(eq(deliveries.notificationId, notificationId));
  const statusOf = async (notificationId: string) =>
    (await t.database.db.select().from(notifications).where(eq(notifications.id, notificationId)))[0]!.status;
  const jobsFor = async (deliveryId: string) =>
    rowsOf<{ n: number }>(
      await t.database.db.execute(
        sql`select count(*)::int as n from pgboss.job where data->>'deliveryId' = ${deliveryId}`,
      ),
    )[0]!.n;

  it("writes one queued delivery per external channel, and its job, in the sending transaction", async () => {
    const sent = await send(["pia"], ["app", "email", "sms"]);
    const id = sent.notifications![0]!.id;
    expect(sent.notifications![0]!.status).toBe("sent"); // in-app counts as sent at once
    const rows = await deliveriesOf(id);
    expect(rows.map((r) => r.channel).sort()).toEqual(["email", "sms"]);
    expect(rows.every((r) => r.status === "queued")).toBe(true);
    for (const r of rows) expect(await jobsFor(r.id)).toBe(1);
  });

  it("sends through the channel's provider, records the attempt, and is idempotent", async () => {
    const sent = await send(["pia"], ["app", "email"]);
    const [d] = await deliveriesOf(sent.notifications![0]!.id);
    expect(await processDelivery(t.database.db, d!.id)).toBe("sent");
    expect(await processDelivery(t.database.db, d!.id)).toBeNull(); // a second run changes nothing
    const [after] = await t.database.db.select().from(deliveries).where(eq(deliveries.id, d!.id));
    expect(after).toMatchObject({
      status: "sent",
      provider: "outbox",
      attempts: 1,
      destination: "pia@example.com",
    });
    expect(after!.sentAt).not.toBeNull();
    const outbox = await t.database.db.select().from(devOutbox).where(eq(devOutbox.deliveryId, d!.id));
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      channel: "email",
      to: "pia@example.com",
      subject: "Your order <b>shipped</b>",
    });
    // User content is text in the email: escaped, never markup.
    const html = String((outbox[0]!.payload as { html?: string }).html ?? "");
    expect(html).toContain("&lt;b&gt;shipped&lt;/b&gt;");
    expect(html).toContain("https://shop.example/orders/1");
  });

  it("skips a channel the user has no address for, and settles the notification without in-app", async () => {
    const sent = await send(["quinn"], ["email", "sms"]);
    const id = sent.notifications![0]!.id;
    expect(await statusOf(id)).toBe("processing");
    const rows = await deliveriesOf(id);
    const sms = rows.find((r) => r.channel === "sms")!;
    const email = rows.find((r) => r.channel === "email")!;
    expect(await processDelivery(t.database.db, sms.id)).toBe("skipped");
    const [skipped] = await t.database.db.select().from(deliveries).where(eq(deliveries.id, sms.id));
    expect(skipped).toMatchObject({ status: "skipped", reason: "no_address" });
    expect(await statusOf(id)).toBe("processing"); // email still open
    expect(await processDelivery(t.database.db, email.id)).toBe("sent");
    expect(await statusOf(id)).toBe("sent");

    const nothing = await send(["ray"], ["sms"]);
    const [only] = await deliveriesOf(nothing.notifications![0]!.id);
    await processDelivery(t.database.db, only!.id);
    expect(await statusOf(nothing.notifications![0]!.id)).toBe("failed");
  });

  it("a recalled notification's pending deliveries are cancelled and never sent", async () => {
    const sent = await send(["pia"], ["app", "email"]);
    const id = sent.notifications![0]!.id;
    await recallNotification(t.database.db, tenantId, id, { type: "system", id: null });
    const [d] = await deliveriesOf(id);
    expect(d!.status).toBe("cancelled");
    expect(await processDelivery(t.database.db, d!.id)).toBeNull();
    expect(await t.database.db.select().from(devOutbox).where(eq(devOutbox.deliveryId, d!.id))).toHaveLength(
      0,
    );
  });

  it("a user deleted after the send gets none of its pending deliveries", async () => {
    await upsertUser(t.database.db, tenantId, { externalId: "gone-soon", email: "gone@example.com" });
    const sent = await send(["gone-soon"], ["app", "email"]);
    const [d] = await deliveriesOf(sent.notifications![0]!.id);
    await t.database.db
      .update(users)
      .set({ deletedAt: new Date() })
      .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "gone-soon")));
    expect(await processDelivery(t.database.db, d!.id)).toBe("cancelled");
    const [after] = await t.database.db.select().from(deliveries).where(eq(deliveries.id, d!.id));
    expect(after).toMatchObject({ status: "cancelled", reason: "user_deleted" });
    expect(await t.database.db.select().from(devOutbox).where(eq(devOutbox.deliveryId, d!.id))).toHaveLength(
      0,
    );
  });

  it("a scheduled delivery due before its batch's release waits for it, so the notification still settles", async () => {
    const sent = await send(["pia"], ["email"], { schedule_at: new Date(Date.now() + 60_000).toISOString() });
    const id = sent.notifications![0]!.id;
    const [d] = await deliveriesOf(id);
    // Its job ran first (as when both jobs come due in the same second): it is put back, uncounted.
    expect(await processDelivery(t.database.db, d!.id)).toBe("queued");
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: "queued", attempts: 0 });
    expect(await statusOf(id)).toBe("pending");

    await releaseBatch(t.database.db, { tenantId, batchId: sent.batch_id });
    expect(await statusOf(id)).toBe("processing");
    expect(await processDelivery(t.database.db, d!.id)).toBe("sent");
    expect((await deliveriesOf(id))[0]).toMatchObject({ status: "sent", attempts: 1 });
    expect(await statusOf(id)).toBe("sent");
  });

  it("the sweeper re-enqueues a queued delivery whose job is gone, and never duplicates a live one", async () => {
    const sent = await send(["pia"], ["app", "email"]);
    const [d] = await deliveriesOf(sent.notifications![0]!.id);
    await t.database.db.execute(sql`delete from pgboss.job where data->>'deliveryId' = ${d!.id}`);
    await t.database.db.execute(
      sql`update deliveries set updated_at = now() - interval '1 hour' where id = ${d!.id}`,
    );
    expect(await sweepDeliveries(t.database.db)).toBeGreaterThanOrEqual(1);
    expect(await jobsFor(d!.id)).toBe(1);
    await sweepDeliveries(t.database.db);
    expect(await jobsFor(d!.id)).toBe(1); // same attempt: the live job is not duplicated
  });

  it("retry delays grow exponentially with jitter", () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, () => 0.5))).toEqual([2000, 4000, 8000]);
    expect(retryDelayMs(1, () => 0)).toBe(1600);
    expect(retryDelayMs(1, () => 1)).toBe(2400);
    expect(retryDelayMs(20, () => 0.5)).toBe(300_000);
  });

  it("workers take the jobs from the queue and every delivery ends sent", async () => {
    await startWorkers(boss);
    const sent = await send(["pia", "quinn"], ["app", "email"]);
    const ids = sent.notifications!.map((n) => n.id);
    const deadline = Date.now() + 15_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      const rows = await Promise.all(ids.map(deliveriesOf));
      statuses = rows.flat().map((r) => r.status);
      if (statuses.every((s) => s === "sent")) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(statuses).toEqual(["sent", "sent"]);
  });

  it("the send log lists deliveries with filters, per notification, and only the tenant's own", async () => {
    const all = await api("GET", "/api/v1/deliveries?page_size=100", {
      headers: bearer(KEY),
    });
    expect(all.status).toBe(200);
    expect(all.json.data.deliveries.length).toBeGreaterThan(5);
    const skipped = await api("GET", "/api/v1/deliveries?status=skipped", {
      headers: bearer(KEY),
    });
    expect(skipped.json.data.deliveries.every((d: { status: string }) => d.status === "skipped")).toBe(true);
    const pia = await api("GET", "/api/v1/deliveries?user_id=pia&channel=email&page_size=2", {
      headers: bearer(KEY),
    });
    expect(pia.json.data.deliveries).toHaveLength(2);
    expect(pia.json.data.next_cursor).toEqual(expect.any(String));
    const next = await api(
      "GET",
      `/api/v1/deliveries?user_id=pia&channel=email&page_size=2&cursor=${pia.json.data.next_cursor}`,
      {
        headers: bearer(KEY),
      },
    );
    const firstIds = pia.json.data.deliveries.map((d: { id: string }) => d.id);
    expect(next.json.data.deliveries.some((d: { id: string }) => firstIds.includes(d.id))).toBe(false);
    expect((await api("GET", "/api/v1/deliveries?status=lost", { headers: bearer(KEY) })).status).toBe(400);

    const nid = all.json.data.deliveries[0].notification_id;
    const one = await api("GET", `/api/v1/notifications/${nid}/deliveries`, {
      headers: bearer(KEY),
    });
    expect(
      one.json.data.deliveries.every((d: { notification_id: string }) => d.notification_id === nid),
    ).toBe(true);

    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "pipeline-b", name: "B" },
    });
    const keyB = b.json.data.api_key.key;
    const foreign = await api("GET", `/api/v1/notifications/${nid}/deliveries`, {
      headers: bearer(keyB),
    });
    expect(foreign.status).toBe(404);
    const bList = await api("GET", "/api/v1/deliveries", { headers: bearer(keyB) });
    expect(bList.json.data.deliveries).toEqual([]);
  });
});
