// Expiry: a send's expires_at (or the tenant's default lifetime) takes its notifications out of the
// list, the badge and every live client when its job runs at that time (or the sweep, if the job
// was lost); a bad expires_at is a 400 naming it, with nothing written or queued.
import { createServer, type Server as HttpServer } from "node:http";
import { count, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSubscriberToken } from "@/lib/auth/subscriber-token";
import { bootstrap } from "@/lib/bootstrap";
import { ManualClock, useClock, type Clock } from "@/lib/clock";
import { rowsOf, type Db } from "@/lib/db/client";
import { deliveries, notifications } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { releaseBatch } from "@/lib/notifications/lifecycle";
import { EXPIRY_QUEUE, runExpiryJob, sweepExpired, type ExpiryJob } from "@/lib/notifications/expiry";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { changesAfter } from "@/lib/realtime/sync";
import { updateTenantSettings } from "@/lib/tenants/settings";
import { attachRealtime, type Realtime } from "@/server/realtime";
import { QUEUES } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { connected, openSocket, until } from "../helpers/realtime";

const ORIGIN = "http://localhost:3000";
const KEY = "hk_expiry_test_key_0123456789abcdef012345";
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const SYSTEM = { type: "system" as const, id: null };

describe("notification expiry", () => {
  let t: TestDatabase;
  let db: Db;
  let boss: PgBoss;
  let tenantId: string;
  let clock: ManualClock;
  let previousClock: Clock;
  let http: HttpServer;
  let realtime: Realtime;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    db = t.database.db;
    tenantId = (await bootstrap(db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    clock = new ManualClock(new Date());
    previousClock = useClock(clock);
    http = createServer();
    realtime = await attachRealtime(http, { allowedOrigins: [ORIGIN], maxConnectionsPerUser: 5 });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await realtime.close();
    useClock(previousClock);
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  const as = (user: string) => ({ ...bearer(KEY), "X-User-Id": user });
  const send = (body: Record<string, unknown>) =>
    api("POST", "/api/v1/notifications", {
      headers: bearer(KEY),
      body: { title: "Flash sale", content: "Ends soon", type: "info", ...body },
    });
  const listIds = async (user: string) =>
    (await api("GET", "/api/v1/notifications", { headers: as(user) })).json.data.notifications.map(
      (n: { id: string }) => n.id,
    );
  const unread = async (user: string) =>
    (await api("GET", "/api/v1/notifications/unread/count", { headers: as(user) })).json.data.unread_count;
  const expiryJobs = async () =>
    rowsOf<{ id: string; data: ExpiryJob; start_after: Date | string }>(
      await db.execute(
        sql`select id, data, start_after from pgboss.job where name = ${EXPIRY_QUEUE} and state = 'created' order by created_on`,
      ),
    );
  /** What the worker does with every queued expiry job (due or not by the database's time). */
  const runExpiryJobs = async () => {
    let expired = 0;
    for (const job of await expiryJobs()) {
      await boss.deleteJob(EXPIRY_QUEUE, job.id);
      expired += await runExpiryJob(db, job.data);
    }
    return expired;
  };
  const openTab = async (user: string) => {
    const socket = openSocket(url, {
      auth: { token: (await issueSubscriberToken(db, tenantId, user)).token },
    });
    sockets.push(socket);
    const tab = { deleted: [] as { id: string; change_seq: number }[], counts: [] as number[] };
    socket.on("notification:deleted", (r: { id: string; change_seq: number }) => tab.deleted.push(r));
    socket.on("unread:count", ({ count }: { count: number }) => tab.counts.push(count));
    await connected(socket);
    return tab;
  };

  it("an expiring notification is listed and counted until its job runs at expires_at, then gone from the list, the badge and a live tab", async () => {
    const keep = (await send({ user_ids: ["ada"], title: "Stays" })).json.data.notifications[0].id;
    const res = await send({ user_ids: ["ada", "bob"], expires_at: at(2 * HOUR) });
    expect(res.status).toBe(200);
    const [adaRow] = res.json.data.notifications.filter((n: { user_id: string }) => n.user_id === "ada");
    expect(await listIds("ada")).toEqual([adaRow.id, keep]);
    expect(await unread("ada")).toBe(2);
    expect(await unread("bob")).toBe(1);
    const [job] = await expiryJobs();
    expect(new Date(job!.start_after).toISOString()).toBe(at(2 * HOUR));
    const tab = await openTab("ada");

    // Run before its time (by the clock): nothing expires, the job is queued again for the time.
    expect(await runExpiryJobs()).toBe(0);
    expect(await listIds("ada")).toEqual([adaRow.id, keep]);
    expect(await expiryJobs()).toHaveLength(1);

    clock.advance(2 * HOUR);
    expect(await runExpiryJobs()).toBe(2);
    expect(await listIds("ada")).toEqual([keep]);
    expect(await unread("ada")).toBe(1);
    expect(await unread("bob")).toBe(0);
    await until(() => tab.deleted.length === 1 && tab.counts.at(-1) === 1);
    expect(tab.deleted[0]!.id).toBe(adaRow.id);
    const one = await api("GET", `/api/v1/notifications/${adaRow.id}`, { headers: as("ada") });
    expect(one.status).toBe(404);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, adaRow.id));
    expect(row!.status).toBe("expired");
    // A client that reconnects after missing the event replays the removal.
    const sync = await changesAfter(db, { tenantId, userId: row!.userId }, row!.changeSeq - 1);
    expect(sync.events).toEqual([{ type: "delete", id: adaRow.id, change_seq: row!.changeSeq }]);
    expect(sync.unread_count).toBe(1);
  });

  it("the tenant's notification_ttl_days applies when a send gives no expires_at", async () => {
    await updateTenantSettings(db, tenantId, { notification_ttl_days: 3 }, SYSTEM);
    try {
      const res = await send({ user_ids: ["cy"] });
      const id = res.json.data.notifications[0].id;
      const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
      expect(row!.expiresAt!.toISOString()).toBe(at(3 * DAY));
      // Its own expires_at wins over the default.
      const own = await send({ user_ids: ["cy"], expires_at: at(HOUR) });
      const [ownRow] = await db
        .select()
        .from(notifications)
        .where(eq(notifications.id, own.json.data.notifications[0].id));
      expect(ownRow!.expiresAt!.toISOString()).toBe(at(HOUR));
      expect(await unread("cy")).toBe(2);
      clock.advance(3 * DAY);
      expect(await runExpiryJobs()).toBe(2);
      expect(await listIds("cy")).toEqual([]);
      expect(await unread("cy")).toBe(0);
    } finally {
      await updateTenantSettings(db, tenantId, { notification_ttl_days: null }, SYSTEM);
    }
    const after = await send({ user_ids: ["cy"] });
    const [row] = await db
      .select()
      .from(notifications)
      .where(eq(notifications.id, after.json.data.notifications[0].id));
    expect(row!.expiresAt).toBeNull();
  });

  it("the sweep expires rows whose job was lost, and cancels their queued deliveries", async () => {
    const res = await send({ user_ids: ["dee"], channels: ["app", "email"], expires_at: at(HOUR) });
    const id = res.json.data.notifications[0].id;
    for (const job of await expiryJobs()) await boss.deleteJob(EXPIRY_QUEUE, job.id); // lost
    expect(await sweepExpired(db)).toBe(0);
    clock.advance(HOUR);
    expect(await sweepExpired(db)).toBe(1);
    expect(await listIds("dee")).toEqual([]);
    const [delivery] = await db.select().from(deliveries).where(eq(deliveries.notificationId, id));
    expect([delivery!.status, delivery!.reason]).toEqual(["cancelled", "expired"]);
    expect(await sweepExpired(db)).toBe(0); // once
  });

  it.each([
    ["in the past", () => ({ expires_at: at(-HOUR) }), "must be in the future"],
    ["not a date", () => ({ expires_at: "tomorrow" }), "RFC 3339"],
    [
      "before schedule_at",
      () => ({ schedule_at: at(2 * HOUR), expires_at: at(HOUR) }),
      "must be after schedule_at",
    ],
  ])("an expires_at %s is a 400 naming expires_at, nothing written or queued", async (_, body, message) => {
    const before = (await db.select({ n: count() }).from(notifications))[0]!.n;
    const jobs = (await expiryJobs()).length;
    const res = await send({ user_ids: ["eve"], ...body() });
    expect(res.status).toBe(400);
    const fields = res.json.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(["expires_at"]);
    expect(res.json.errors[0].message).toContain(message);
    expect((await db.select({ n: count() }).from(notifications))[0]!.n).toBe(before);
    expect(await expiryJobs()).toHaveLength(jobs);
  });

  it("a scheduled send still unreleased at its expires_at expires unseen: its release then finds nothing", async () => {
    const res = await send({ user_ids: ["fay"], schedule_at: at(HOUR), expires_at: at(2 * HOUR) });
    expect(res.status).toBe(200);
    const {
      batch_id: batchId,
      notifications: [sent],
    } = res.json.data;
    expect(sent.status).toBe("pending");
    clock.advance(2 * HOUR);
    expect(await runExpiryJobs()).toBe(1);
    expect(await releaseBatch(db, { tenantId, batchId })).toBe(0);
    const [row] = await db.select().from(notifications).where(eq(notifications.id, sent.id));
    expect(row!.status).toBe("expired");
    expect(await listIds("fay")).toEqual([]);
  });

  it("a bad tenant default lifetime is a 400 naming notification_ttl_days", async () => {
    const bad = await api("PUT", "/api/v1/tenant/settings", {
      headers: bearer(KEY),
      body: { notification_ttl_days: 0 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].field).toBe("notification_ttl_days");
    const ok = await api("PUT", "/api/v1/tenant/settings", {
      headers: bearer(KEY),
      body: { retention_days: 90 },
    });
    expect(ok.json.data).toMatchObject({ notification_ttl_days: null, retention_days: 90 });
  });
});
