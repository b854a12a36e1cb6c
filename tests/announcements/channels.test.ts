// An announcement's extra channels: fan-out in batches through the queue, each audience user
// reached once per channel, preferences applied, progress on the API, archive stops it.
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FANOUT_QUEUE, runFanoutBatch } from "@/lib/announcements/fanout";
import type { DeliveryProgress } from "@/lib/announcements/schema";
import { bootstrap } from "@/lib/bootstrap";
import { rowsOf } from "@/lib/db/client";
import { announcements, auditLog, deliveries, devOutbox, notifications, users } from "@/lib/db/schema";
import { parseEnv, resetEnv } from "@/lib/env";
import { preferencesOwner, savePreferences } from "@/lib/preferences/store";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES, startWorkers } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_announcement_channels_test_key_0123456789";
const BATCH = 40;
const PEOPLE = 260; // seven batches, the last one short
const name = (i: number) => `p${String(i).padStart(3, "0")}`;

const onId =
  (method: "GET" | "PUT" | "POST", suffix = "") =>
  (id: string, body?: unknown) =>
    api(method, `/api/v1/announcements/${id}${suffix}`, {
      headers: bearer(KEY),
      body,
    });
const get = onId("GET");
const update = onId("PUT");
const publish = onId("POST", "/publish");
const archive = onId("POST", "/archive");
const create = (body: unknown) => api("POST", "/api/v1/announcements", { headers: bearer(KEY), body });

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("announcement extra channels", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  const savedBatch = process.env.ANNOUNCEMENT_BATCH_SIZE;

  const db = () => t.database.db;
  const progressOf = async (id: string): Promise<DeliveryProgress> =>
    (await get(id)).json.data.delivery_progress;
  const settled = (p: DeliveryProgress) => p.status === "complete" && p.queued === 0;
  /** What the dev outbox "sent" for an announcement: recipient address → messages. */
  async function outboxOf(announcementId: string, channel = "email") {
    const rows = await db()
      .select({
        to: devOutbox.to,
        subject: devOutbox.subject,
        body: devOutbox.body,
        payload: devOutbox.payload,
      })
      .from(devOutbox)
      .innerJoin(deliveries, eq(deliveries.id, devOutbox.deliveryId))
      .where(and(eq(deliveries.announcementId, announcementId), eq(devOutbox.channel, channel)));
    const byTo = new Map<string, typeof rows>();
    for (const r of rows) byTo.set(r.to!, [...(byTo.get(r.to!) ?? []), r]);
    return { rows, byTo };
  }
  const deliveryCount = async (announcementId: string) =>
    (
      await db().select({ n: count() }).from(deliveries).where(eq(deliveries.announcementId, announcementId))
    )[0]!.n;

  beforeAll(async () => {
    process.env.ANNOUNCEMENT_BATCH_SIZE = String(BATCH);
    resetEnv();
    t = await createTestDatabase();
    tenantId = (await bootstrap(db(), parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await startWorkers(boss);
    await db()
      .insert(users)
      .values(
        Array.from({ length: PEOPLE }, (_, i) => ({
          tenantId,
          externalId: name(i),
          email: `${name(i)}@example.com`,
          role: i < 3 ? ("admin" as const) : ("user" as const),
        })),
      );
    // p007 wants no email at all.
    const owner = await preferencesOwner(db(), tenantId, name(7));
    await savePreferences(db(), owner, { disabled_channels: ["email"] }, { type: "system", id: null });
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    if (savedBatch === undefined) delete process.env.ANNOUNCEMENT_BATCH_SIZE;
    else process.env.ANNOUNCEMENT_BATCH_SIZE = savedBatch;
    resetEnv();
  });

  it("emails everyone in the audience exactly once, in batches, skipping who opted out", async () => {
    const created = await create({
      title: "Maintenance tonight",
      content:
        "We upgrade the **database** at 22:00.\n\nSee [the status page](https://status.example.com).\n\n<script>alert(1)</script>",
      severity: "warning",
      channels: ["email", "email"],
    });
    expect(created.status).toBe(201);
    const id = created.json.data.id;
    expect(created.json.data.channels).toEqual(["email"]);
    expect(created.json.data.delivery_progress).toMatchObject({ status: "waiting", total: 0 });

    const published = await publish(id);
    expect(published.json.data.status).toBe("published");
    expect(published.json.data.delivery_progress.status).toBe("running");

    const progress = await until(() => progressOf(id), settled);
    expect(progress).toEqual({
      status: "complete",
      total: PEOPLE,
      queued: 0,
      sent: PEOPLE - 1,
      delivered: 0,
      failed: 0,
      skipped: 1,
      cancelled: 0,
      by_channel: {
        email: {
          total: PEOPLE,
          queued: 0,
          sent: PEOPLE - 1,
          delivered: 0,
          failed: 0,
          skipped: 1,
          cancelled: 0,
        },
      },
    });
    // One job per page of 40 users, the last one short: seven batches.
    const batches = rowsOf<{ n: number }>(
      await db().execute(
        sql`select count(*)::int as n from pgboss.job where name = ${FANOUT_QUEUE} and data->>'announcementId' = ${id}`,
      ),
    )[0]!.n;
    expect(batches).toBe(Math.ceil(PEOPLE / BATCH));
    const { rows, byTo } = await outboxOf(id);
    expect(rows).toHaveLength(PEOPLE - 1);
    expect(byTo.size).toBe(PEOPLE - 1);
    expect(byTo.has(`${name(7)}@example.com`)).toBe(false);
    const [skipped] = await db()
      .select({ status: deliveries.status, reason: deliveries.reason })
      .from(deliveries)
      .innerJoin(users, eq(users.id, deliveries.userId))
      .where(and(eq(deliveries.announcementId, id), eq(users.externalId, name(7))));
    expect(skipped).toEqual({ status: "skipped", reason: "channel_disabled" });

    // The email: the title as subject, the Markdown as sanitised HTML and as plain text.
    const mail = byTo.get(`${name(0)}@example.com`)![0]!;
    expect(mail.subject).toBe("Maintenance tonight");
    const html = String(mail.payload.html ?? "");
    expect(html).toContain("<strong>database</strong>");
    expect(html).toContain('href="https://status.example.com"');
    expect(html).not.toContain("<script");
    expect(mail.body).toContain("We upgrade the database at 22:00.");
    expect(mail.body).toContain("https://status.example.com");
    expect(mail.body).not.toContain("**");

    // No inbox rows: the announcement is the in-app copy, and counts once.
    expect((await db().select({ n: count() }).from(notifications))[0]!.n).toBe(0);
    const unread = await api("GET", "/api/v1/notifications/unread/count", {
      headers: { ...bearer(KEY), "X-User-Id": name(1) },
    });
    expect(unread.json.data.unread_count).toBe(1);

    // The send log tells an announcement's deliveries apart.
    const log = await api("GET", `/api/v1/deliveries?announcement_id=${id}&page_size=5`, {
      headers: bearer(KEY),
    });
    expect(log.status).toBe(200);
    expect(log.json.data.deliveries).toHaveLength(5);
    for (const d of log.json.data.deliveries)
      expect(d).toMatchObject({ announcement_id: id, notification_id: null, channel: "email" });

    // The list reports the same progress.
    const list = await api("GET", "/api/v1/announcements", { headers: bearer(KEY) });
    const listed = list.json.data.announcements.find((a: { id: string }) => a.id === id);
    expect(listed.delivery_progress).toEqual(progress);
  });

  it("a scheduled, targeted announcement reaches only its audience, per channel", async () => {
    const publishAt = new Date(Date.now() + 1500).toISOString();
    const created = await create({
      title: "For a few",
      content: "Only you three.",
      audience: { user_ids: [name(10), name(11), name(12), "nobody-by-that-name"] },
      channels: ["email", "sms"],
      publish_at: publishAt,
    });
    const id = created.json.data.id;
    expect((await publish(id)).json.data).toMatchObject({
      status: "scheduled",
      delivery_progress: { status: "waiting", total: 0 },
    });
    const progress = await until(() => progressOf(id), settled);
    // Nobody has a phone: SMS is skipped for want of an address, never sent to anyone else.
    expect(progress).toMatchObject({ status: "complete", total: 6, sent: 3, skipped: 3 });
    expect(progress.by_channel.email).toMatchObject({ total: 3, sent: 3 });
    expect(progress.by_channel.sms).toMatchObject({ total: 3, skipped: 3 });
    const { byTo } = await outboxOf(id);
    expect([...byTo.keys()].sort()).toEqual([10, 11, 12].map((i) => `${name(i)}@example.com`));
    expect((await outboxOf(id, "sms")).rows).toHaveLength(0);

    // A role audience: only the admins.
    const admins = (
      await create({ title: "Admins", content: "x", audience: { roles: ["admin"] }, channels: ["email"] })
    ).json.data.id;
    await publish(admins);
    expect(await until(() => progressOf(admins), settled)).toMatchObject({ total: 3, sent: 3 });
    expect([...(await outboxOf(admins)).byTo.keys()].sort()).toEqual(
      [0, 1, 2].map((i) => `${name(i)}@example.com`),
    );
  });

  it("a batch run again writes and sends nothing twice", async () => {
    const id = (
      await create({
        title: "Once",
        content: "Only once.",
        audience: { user_ids: [name(20), name(21)] },
        channels: ["email"],
      })
    ).json.data.id;
    await publish(id);
    await until(() => progressOf(id), settled);
    const before = { rows: await deliveryCount(id), sent: (await outboxOf(id)).rows.length };
    expect(before).toEqual({ rows: 2, sent: 2 });

    // The first batch's job again, after its run committed: the cursor has moved on.
    expect(await runFanoutBatch(db(), { tenantId, announcementId: id, after: null })).toEqual({
      outcome: "stale",
      written: 0,
    });
    // Even with the cursor lost, the (announcement, user, channel) key keeps it to one each.
    await db()
      .update(announcements)
      .set({ fanoutStatus: "running", fanoutCursor: null })
      .where(eq(announcements.id, id));
    expect(await runFanoutBatch(db(), { tenantId, announcementId: id, after: null })).toEqual({
      outcome: "complete",
      written: 0,
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect({ rows: await deliveryCount(id), sent: (await outboxOf(id)).rows.length }).toEqual(before);
  });

  it("refuses bad channels, naming the field, and writes nothing", async () => {
    const rowsBefore = (await db().select({ n: count() }).from(announcements))[0]!.n;
    const auditBefore = (await db().select({ n: count() }).from(auditLog))[0]!.n;
    for (const channels of [["fax"], ["app"], "email", [1], null]) {
      const res = await create({ title: "t", content: "c", channels });
      expect(res.status, JSON.stringify(channels)).toBe(400);
      expect(res.json.message).toBe("Invalid channels");
      expect(res.json.errors[0].field).toMatch(/^channels/);
    }
    const app = await create({ title: "t", content: "c", channels: ["app"] });
    expect(app.json.errors[0].message).toContain("email, sms, push, wechat");
    expect((await db().select({ n: count() }).from(announcements))[0]!.n).toBe(rowsBefore);
    expect((await db().select({ n: count() }).from(auditLog))[0]!.n).toBe(auditBefore);

    // A draft's channels can change; a published one's cannot (part of the audience has them).
    const id = (await create({ title: "t", content: "c", audience: { user_ids: [name(30)] } })).json.data.id;
    const changed = await update(id, { channels: ["push"] });
    expect(changed.json.data).toMatchObject({ channels: ["push"], delivery_progress: { status: "waiting" } });
    await publish(id);
    const refused = await update(id, { channels: ["email"], title: "changed" });
    expect(refused.status).toBe(400);
    expect(refused.json.errors).toEqual([{ field: "channels", message: "cannot change once published" }]);
    expect((await get(id)).json.data).toMatchObject({ title: "t", channels: ["push"] });
    expect((await update(id, { channels: ["push"], title: "same channels" })).status).toBe(200);
  });

  // Last: it stops the fan-out worker to run the batches by hand.
  it("archiving mid-way stops the remaining batches and what is still queued", async () => {
    await boss.offWork(FANOUT_QUEUE);
    const id = (await create({ title: "Stop me", content: "Soon archived.", channels: ["email"] })).json.data
      .id;
    await publish(id);
    const first = await runFanoutBatch(db(), { tenantId, announcementId: id, after: null });
    expect(first).toEqual({ outcome: "continued", written: BATCH });
    const [{ cursor }] = (await db()
      .select({ cursor: announcements.fanoutCursor })
      .from(announcements)
      .where(eq(announcements.id, id))) as [{ cursor: string }];

    const archived = await archive(id);
    expect(archived.json.data.delivery_progress.status).toBe("stopped");
    // The next batch finds it stopped: it writes nothing and queues no other.
    expect(await runFanoutBatch(db(), { tenantId, announcementId: id, after: cursor })).toEqual({
      outcome: "stale",
      written: 0,
    });
    const progress = await until(
      () => progressOf(id),
      (p) => p.queued === 0,
    );
    expect(progress).toMatchObject({ status: "stopped", total: BATCH, queued: 0 });
    // Only the first batch's deliveries exist; those not out before the archive were cancelled.
    expect(progress.sent + progress.skipped + progress.cancelled).toBe(BATCH);
    expect((await outboxOf(id)).rows.length).toBe(progress.sent);
    const cancelled = await db()
      .select({ reason: deliveries.reason })
      .from(deliveries)
      .where(and(eq(deliveries.announcementId, id), inArray(deliveries.status, ["cancelled"])));
    for (const c of cancelled) expect(c.reason).toBe("archived");
    // Nothing more is written later either.
    await new Promise((r) => setTimeout(r, 500));
    expect(await deliveryCount(id)).toBe(BATCH);
  });
});
