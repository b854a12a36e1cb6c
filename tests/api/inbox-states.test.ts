// Inbox states over REST and live: archived, snoozed (woken by its job when the clock says so),
// seen and the per-tenant badge, delete-all / archive-all; two tabs of one user see every change.
import { createServer, type Server as HttpServer } from "node:http";
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSubscriberToken } from "@/lib/auth/subscriber-token";
import { bootstrap } from "@/lib/bootstrap";
import { ManualClock, useClock, type Clock } from "@/lib/clock";
import { rowsOf, type Db } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { sendNotifications } from "@/lib/notifications/send";
import type { NotificationJson } from "@/lib/notifications/serialize";
import { SNOOZE_QUEUE, wakeSnoozed, type SnoozeJob } from "@/lib/notifications/snooze";
import { runHousekeeping } from "@/lib/jobs/housekeeping";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { updateTenantSettings } from "@/lib/tenants/settings";
import { attachRealtime, type Realtime } from "@/server/realtime";
import { QUEUES } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { connected, openSocket, until } from "../helpers/realtime";

const ORIGIN = "http://localhost:3000";
const KEY = "hk_inbox_states_key_0123456789abcdef0123";
const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const SYSTEM = { type: "system" as const, id: null };

type Tab = { socket: Socket; updated: NotificationJson[]; counts: number[] };

describe("inbox states", () => {
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

  const tokenOf = async (user: string) => bearer((await issueSubscriberToken(db, tenantId, user)).token);
  const send = async (user: string, title: string, type: "info" | "warning" = "info") => {
    const sent = await sendNotifications(
      db,
      { tenantId, apiKeyId: null },
      { user_ids: [user], title, content: "x", type, priority: "normal", channels: ["app"], metadata: {} },
    );
    return sent.notifications![0]!.id;
  };
  /** A browser tab: a live connection keeping the updates and badge counts it receives. */
  const openTab = async (user: string): Promise<Tab> => {
    const socket = openSocket(url, {
      auth: { token: (await issueSubscriberToken(db, tenantId, user)).token },
    });
    sockets.push(socket);
    const tab: Tab = { socket, updated: [], counts: [] };
    socket.on("notification:updated", (n: NotificationJson) => tab.updated.push(n));
    socket.on("unread:count", ({ count }: { count: number }) => tab.counts.push(count));
    await connected(socket);
    return tab;
  };
  const listIds = async (auth: Record<string, string>, query = "") =>
    (
      await api("GET", `/api/v1/notifications?cursor=${query}`, { headers: auth })
    ).json.data.notifications.map((n: NotificationJson) => n.id);
  const countOf = async (auth: Record<string, string>) =>
    (await api("GET", "/api/v1/notifications/unread/count", { headers: auth })).json.data;
  const rowOf = async (id: string) =>
    (await db.select().from(notifications).where(eq(notifications.id, id)))[0]!;
  const snoozeJobs = async () =>
    rowsOf<{ id: string; data: SnoozeJob; start_after: Date | string }>(
      await db.execute(
        sql`select id, data, start_after from pgboss.job where name = ${SNOOZE_QUEUE} and state = 'created' order by created_on`,
      ),
    );
  /** What the worker does with every queued snooze job (due or not by the database's time). */
  const runSnoozeJobs = async () => {
    let woken = 0;
    for (const job of await snoozeJobs()) {
      await boss.deleteJob(SNOOZE_QUEUE, job.id);
      if (await wakeSnoozed(db, job.data)) woken += 1;
    }
    return woken;
  };

  it("archive leaves the default list and the badge, shows in view=archived, live in every tab; unarchive brings it back", async () => {
    const ada = await tokenOf("ada");
    const first = await send("ada", "First");
    const second = await send("ada", "Second");
    const [tab1, tab2] = [await openTab("ada"), await openTab("ada")];
    expect(await countOf(ada)).toEqual({ unread_count: 2, badge: "unread" });

    const res = await api("PUT", `/api/v1/notifications/${first}/archive`, { headers: ada });
    expect(res.status).toBe(200);
    expect(res.json.data.notification.archived_at).toEqual(expect.any(String));
    expect(await listIds(ada)).toEqual([second]);
    expect(await listIds(ada, "&view=archived")).toEqual([first]);
    expect(await listIds(ada, "&view=all")).toEqual([second, first]);
    expect((await countOf(ada)).unread_count).toBe(1);
    for (const tab of [tab1, tab2]) {
      await until(() => tab.updated.some((n) => n.id === first && n.archived_at !== null));
      await until(() => tab.counts.at(-1) === 1);
    }
    // Asking again changes nothing and sends nothing.
    const before = (await rowOf(first)).changeSeq;
    expect((await api("PUT", `/api/v1/notifications/${first}/archive`, { headers: ada })).status).toBe(200);
    expect((await rowOf(first)).changeSeq).toBe(before);

    const back = await api("PUT", `/api/v1/notifications/${first}/unarchive`, { headers: ada });
    expect(back.json.data.notification.archived_at).toBeNull();
    expect(await listIds(ada)).toEqual([second, first]);
    await until(() => tab2.updated.some((n) => n.id === first && n.archived_at === null));
    await until(() => tab2.counts.at(-1) === 2);

    // batch-mark archive / unarchive, with an unknown id counted as not found.
    const stranger = "00000000-0000-4000-8000-000000000000";
    const batch = await api("POST", "/api/v1/notifications/batch-mark", {
      headers: ada,
      body: { action: "archive", notification_ids: [first, second, stranger] },
    });
    expect(batch.json.data).toEqual({ affected: 2, not_found: 1, not_found_ids: [stranger] });
    expect(await listIds(ada)).toEqual([]);
    expect((await countOf(ada)).unread_count).toBe(0);
    await until(() => tab1.counts.at(-1) === 0);
    const unbatch = await api("POST", "/api/v1/notifications/batch-mark", {
      headers: ada,
      body: { action: "unarchive", notification_ids: [first] },
    });
    expect(unbatch.json.data.affected).toBe(1);
    expect(await listIds(ada, "&view=archived")).toEqual([second]);
  });

  it("another user's notification is a 404 for every state change, and nothing changes", async () => {
    const mine = await send("cy", "Cy's");
    const dan = await tokenOf("dan");
    for (const [path, body] of [
      ["archive", undefined],
      ["unarchive", undefined],
      ["seen", undefined],
      ["snooze", { until: new Date(clock.now().getTime() + HOUR).toISOString() }],
      ["unsnooze", undefined],
    ] as const) {
      const res = await api("PUT", `/api/v1/notifications/${mine}/${path}`, { headers: dan, body });
      expect(res.status, path).toBe(404);
    }
    const row = await rowOf(mine);
    expect([row.archivedAt, row.snoozedUntil, row.seenAt]).toEqual([null, null, null]);
    expect(await snoozeJobs()).toEqual([]);
  });

  it("a bad snooze time is a 400 naming until, with nothing changed or queued", async () => {
    const eve = await tokenOf("eve");
    const id = await send("eve", "Later");
    const now = clock.now().getTime();
    for (const until of [
      new Date(now - 1000).toISOString(),
      new Date(now + 91 * DAY).toISOString(),
      "tomorrow",
    ]) {
      const res = await api("PUT", `/api/v1/notifications/${id}/snooze`, { headers: eve, body: { until } });
      expect(res.status, until).toBe(400);
      expect(JSON.stringify(res.json)).toContain("until");
    }
    const missing = await api("PUT", `/api/v1/notifications/${id}/snooze`, { headers: eve, body: {} });
    expect(missing.status).toBe(400);
    expect((await rowOf(id)).snoozedUntil).toBeNull();
    expect(await snoozeJobs()).toEqual([]);
  });

  it("a snoozed notification is hidden until its job runs at its time, then back on top and unread, live in every tab", async () => {
    const fay = await tokenOf("fay");
    const snoozed = await send("fay", "Snooze me");
    await api("PUT", `/api/v1/notifications/${snoozed}/read`, { headers: fay });
    const newer = await send("fay", "Newer");
    const [tab1, tab2] = [await openTab("fay"), await openTab("fay")];
    const at = new Date(clock.now().getTime() + HOUR);

    const res = await api("PUT", `/api/v1/notifications/${snoozed}/snooze`, {
      headers: fay,
      body: { until: at.toISOString() },
    });
    expect(res.status).toBe(200);
    expect(res.json.data.notification.snoozed_until).toBe(at.toISOString());
    expect(await listIds(fay)).toEqual([newer]);
    expect(await listIds(fay, "&view=snoozed")).toEqual([snoozed]);
    expect((await countOf(fay)).unread_count).toBe(1);
    for (const tab of [tab1, tab2])
      await until(() => tab.updated.some((n) => n.id === snoozed && n.snoozed_until === at.toISOString()));
    const jobs = await snoozeJobs();
    expect(jobs).toHaveLength(1);
    expect(new Date(jobs[0]!.start_after)).toEqual(at);

    // Run before its time by the clock: nothing comes back; the job is queued again for the time.
    clock.advance(HOUR - 60_000);
    expect(await runSnoozeJobs()).toBe(0);
    expect(await listIds(fay)).toEqual([newer]);
    expect(await snoozeJobs()).toHaveLength(1);

    clock.advance(60_000);
    tab1.updated.length = 0;
    tab2.updated.length = 0;
    expect(await runSnoozeJobs()).toBe(1);
    expect(await listIds(fay)).toEqual([snoozed, newer]);
    const woken = await rowOf(snoozed);
    expect([woken.snoozedUntil, woken.readAt]).toEqual([null, null]);
    expect(woken.seq).toBeGreaterThan((await rowOf(newer)).seq);
    expect((await countOf(fay)).unread_count).toBe(2);
    for (const tab of [tab1, tab2]) {
      await until(() =>
        tab.updated.some((n) => n.id === snoozed && n.snoozed_until === null && n.read_at === null),
      );
      await until(() => tab.counts.at(-1) === 2);
    }
    // A job that runs twice finds its snooze gone.
    expect(await wakeSnoozed(db, jobs[0]!.data)).toBe(false);
  });

  it("a snooze whose wake job was lost comes back by the housekeeping sweep, once it is overdue", async () => {
    const kim = await tokenOf("kim");
    const id = await send("kim", "Lost wake");
    const at = new Date(clock.now().getTime() + HOUR);
    await api("PUT", `/api/v1/notifications/${id}/snooze`, {
      headers: kim,
      body: { until: at.toISOString() },
    });
    const tab = await openTab("kim");
    for (const job of await snoozeJobs()) await boss.deleteJob(SNOOZE_QUEUE, job.id);

    clock.advance(HOUR + 60_000);
    expect((await runHousekeeping(db)).snoozesWoken).toBe(0); // late, but its job may still come
    expect(await listIds(kim)).toEqual([]);
    clock.advance(5 * 60_000);
    expect((await runHousekeeping(db)).snoozesWoken).toBe(1);
    expect(await listIds(kim)).toEqual([id]);
    await until(() => tab.updated.some((n) => n.id === id && n.snoozed_until === null));
    expect((await runHousekeeping(db)).snoozesWoken).toBe(0);
  });

  it("snoozing again moves the time (the earlier job does nothing); unsnooze ends it now", async () => {
    const gus = await tokenOf("gus");
    const id = await send("gus", "Twice");
    const first = new Date(clock.now().getTime() + HOUR);
    const second = new Date(clock.now().getTime() + 3 * HOUR);
    for (const until of [first, second])
      await api("PUT", `/api/v1/notifications/${id}/snooze`, {
        headers: gus,
        body: { until: until.toISOString() },
      });
    clock.advance(2 * HOUR);
    expect(await runSnoozeJobs()).toBe(0);
    expect((await rowOf(id)).snoozedUntil).toEqual(second);
    const res = await api("PUT", `/api/v1/notifications/${id}/unsnooze`, { headers: gus });
    expect(res.json.data.notification.snoozed_until).toBeNull();
    expect(await listIds(gus)).toEqual([id]);
    // Its job, still queued, finds nothing to do.
    clock.advance(2 * HOUR);
    expect(await runSnoozeJobs()).toBe(0);
  });

  it("the bell marks seen; the badge counts unseen when the tenant says so, over REST and live", async () => {
    const hal = await tokenOf("hal");
    const a = await send("hal", "One");
    await send("hal", "Two");
    const tab = await openTab("hal");
    expect(await countOf(hal)).toEqual({ unread_count: 2, badge: "unread" });

    await updateTenantSettings(db, tenantId, { badge: "unseen" }, SYSTEM);
    expect(await countOf(hal)).toEqual({ unread_count: 2, badge: "unseen" });
    const one = await api("PUT", `/api/v1/notifications/${a}/seen`, { headers: hal });
    expect(one.json.data.notification.seen_at).toEqual(expect.any(String));
    expect((await countOf(hal)).unread_count).toBe(1);
    const all = await api("POST", "/api/v1/notifications/seen-all", { headers: hal });
    expect(all.json.data.updated).toBe(1);
    expect((await countOf(hal)).unread_count).toBe(0);
    await until(() => tab.counts.at(-1) === 0);
    // Still unread: the unread badge would say 2.
    await updateTenantSettings(db, tenantId, { badge: "unread" }, SYSTEM);
    expect(await countOf(hal)).toEqual({ unread_count: 2, badge: "unread" });
    // Reading marks seen too.
    const c = await send("hal", "Three");
    await api("PUT", `/api/v1/notifications/${c}/read`, { headers: hal });
    expect((await rowOf(c)).seenAt).not.toBeNull();
  });

  it("delete-all and archive-all change only the caller's own, in one statement, with the list's filters", async () => {
    const ivy = await tokenOf("ivy");
    const info = await send("ivy", "Info");
    const warning = await send("ivy", "Warning", "warning");
    const other = await send("jon", "Jon's");
    const archived = await api("POST", "/api/v1/notifications/archive-all", {
      headers: ivy,
      body: { type: "warning" },
    });
    expect(archived.json.data.updated).toBe(1);
    expect(await listIds(ivy)).toEqual([info]);
    expect(await listIds(ivy, "&view=archived")).toEqual([warning]);
    const bad = await api("POST", "/api/v1/notifications/delete-all", {
      headers: ivy,
      body: { view: "nope" },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain("view");
    expect(await listIds(ivy, "&view=all")).toHaveLength(2);

    const emptied = await api("POST", "/api/v1/notifications/delete-all", {
      headers: ivy,
      body: { view: "archived" },
    });
    expect(emptied.json.data.updated).toBe(1);
    expect(await listIds(ivy, "&view=all")).toEqual([info]);
    const rest = await api("POST", "/api/v1/notifications/delete-all", { headers: ivy });
    expect(rest.json.data.updated).toBe(1);
    expect(await listIds(ivy, "&view=all")).toEqual([]);
    expect((await rowOf(other)).deletedAt).toBeNull();
    expect((await rowOf(other)).archivedAt).toBeNull();
  });
});
