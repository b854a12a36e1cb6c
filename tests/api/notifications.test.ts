import { count, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { idempotencyKeys, notifications, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { bus, type DomainEvent } from "@/lib/events";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES, startWorkers } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_notifications_test_super_key_0123456789";
const as = (user: string) => ({ ...bearer(KEY), "X-User-Id": user });
const send = (body: unknown, headers: Record<string, string> = bearer(KEY)) =>
  api("POST", "/api/v1/notifications", { headers, body });
const list = (user: string, qs = "") => api("GET", `/api/v1/notifications${qs}`, { headers: as(user) });
const unread = async (user: string) =>
  (await api("GET", "/api/v1/notifications/unread/count", { headers: as(user) })).json.data.unread_count;
const byId =
  (method: "GET" | "PUT" | "POST" | "DELETE", action = "") =>
  (id: string, headers: Record<string, string>) =>
    api(method, `/api/v1/notifications/${id}${action}`, {
      headers,
    });

describe("notifications API", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let keyB: string;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await startWorkers(boss);
    bus().subscribe((e) => events.push(e));
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "other", name: "Other" },
    });
    keyB = b.json.data.api_key.key;
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });

  describe("sending", () => {
    it("sends to several users (duplicates collapsed), creating unknown users, in the seed's envelope", async () => {
      const res = await send({
        user_ids: ["ann", "ben", "ann"],
        title: "Maintenance tonight",
        content: "22:00–24:00",
        type: "system",
        priority: "high",
        metadata: { window: "22-24" },
      });
      expect(res.status).toBe(200);
      expect(res.json.code).toBe(200);
      expect(res.json.message).toBe("Notifications sent successfully");
      expect(res.json.data.count).toBe(2);
      expect(res.json.data.notifications.map((n: { user_id: string }) => n.user_id).sort()).toEqual([
        "ann",
        "ben",
      ]);
      expect(res.json.data.notifications[0].status).toBe("sent");

      const annList = await list("ann");
      expect(annList.json.data.total).toBe(1);
      const n = annList.json.data.notifications[0];
      expect(n).toMatchObject({
        user_id: "ann",
        title: "Maintenance tonight",
        type: "system",
        priority: "high",
        status: "sent",
        channels: ["app"],
        metadata: { window: "22-24" },
        read_at: null,
        scheduled_at: null,
        template_code: null,
        seq: 1,
      });
      for (const f of ["id", "tenant_id", "created_at", "sent_at"]) expect(n[f]).toEqual(expect.any(String));
      const created = events.find((e) => e.name === "notification.created");
      expect(created?.payload).toMatchObject({ notificationIds: expect.arrayContaining([n.id]) });
    });

    const valid = { user_ids: ["v"], title: "t", content: "c", type: "info" };
    it.each([
      ["no recipients", { ...valid, user_ids: [] }, "user_ids", "Invalid user_ids"],
      [
        "too many recipients",
        { ...valid, user_ids: Array.from({ length: 10_001 }, (_, i) => `u${i}`) },
        "user_ids",
        "Invalid user_ids",
      ],
      ["an empty title", { ...valid, title: "" }, "title", "Invalid title"],
      ["a long title", { ...valid, title: "x".repeat(201) }, "title", "Invalid title"],
      ["a long content", { ...valid, content: "x".repeat(2001) }, "content", "Invalid content"],
      ["an unknown type", { ...valid, type: "gossip" }, "type", "Invalid type"],
      ["an unknown priority", { ...valid, priority: "meh" }, "priority", "Invalid priority"],
      ["an unknown channel", { ...valid, channels: ["app", "fax"] }, "channels.1", "Invalid channels"],
      ["no channels", { ...valid, channels: [] }, "channels", "Invalid channels"],
      ["metadata not an object", { ...valid, metadata: [1] }, "metadata", "Invalid metadata"],
      [
        "metadata over 16 KB",
        { ...valid, metadata: { big: "x".repeat(17_000) } },
        "metadata",
        "Invalid metadata",
      ],
      [
        "a bad schedule_at",
        { ...valid, schedule_at: "tomorrow at noon" },
        "schedule_at",
        "Invalid schedule_at",
      ],
      [
        "a schedule_at without zone",
        { ...valid, schedule_at: "2030-10-10 20:00:00" },
        "schedule_at",
        "Invalid schedule_at",
      ],
      ["an unknown field", { ...valid, colour: "red" }, "colour", "Invalid colour"],
      ["no title, content or template", { user_ids: ["v"], type: "info" }, "title", "Invalid request"],
    ])("refuses %s (400 naming %s) and writes nothing", async (_label, body, field, message) => {
      const before = (await t.database.db.select({ n: count() }).from(notifications))[0]!.n;
      const res = await send(body);
      expect(res.status).toBe(400);
      expect(res.json.message).toBe(message);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect((await t.database.db.select({ n: count() }).from(notifications))[0]!.n).toBe(before);
      expect(await t.database.db.select().from(users).where(eq(users.externalId, "v"))).toHaveLength(0);
    });

    it("refuses non-JSON and oversized bodies", async () => {
      const raw = (rawBody: string) =>
        api("POST", "/api/v1/notifications", {
          headers: { ...bearer(KEY), "content-type": "application/json" },
          rawBody,
        });
      expect((await raw("{")).json).toEqual({ code: 400, message: "Invalid JSON", error_code: "invalid" });
      expect(
        (
          await raw(
            JSON.stringify({ user_ids: ["x"], title: "t", content: "c".repeat(1_100_000), type: "info" }),
          )
        ).status,
      ).toBe(413);
    });

    it("answers Unknown template for a template send with a code that does not exist", async () => {
      const res = await send({ user_ids: ["v"], template_code: "welcome", params: {} });
      expect(res.status).toBe(400);
      expect(res.json.message).toBe("Unknown template");
    });

    it("needs the send scope and knows no one without a key", async () => {
      expect((await send({ ...valid }, {})).status).toBe(401);
      const reader = await api("POST", "/api/v1/api-keys", {
        headers: bearer(KEY),
        body: { name: "reader", scopes: ["notifications:read"] },
      });
      expect((await send({ ...valid }, bearer(reader.json.data.key))).status).toBe(403);
    });

    it("omits the per-row list above 1,000 recipients and gives a batch id to list them", async () => {
      const ids = Array.from({ length: 1500 }, (_, i) => `bulk-${i}`);
      const res = await send({ user_ids: ids, title: "Bulk", content: "Hello all", type: "info" });
      expect(res.status).toBe(200);
      expect(res.json.data.count).toBe(1500);
      expect(res.json.data.notifications).toBeUndefined();
      const batch = await api("GET", `/api/v1/notifications?batch_id=${res.json.data.batch_id}&page_size=1`, {
        headers: bearer(KEY),
      });
      expect(batch.json.data.total).toBe(1500);
      // One batch shares one created_at: the tenant-wide keyset cursor must still walk every row once.
      const seen = new Set<string>();
      let cursor = "";
      for (let i = 0; i < 20; i++) {
        const page = await api(
          "GET",
          `/api/v1/notifications?batch_id=${res.json.data.batch_id}&page_size=100&cursor=${cursor}`,
          { headers: bearer(KEY) },
        );
        for (const n of page.json.data.notifications) seen.add(n.id);
        if (!page.json.data.next_cursor) break;
        cursor = page.json.data.next_cursor;
      }
      expect(seen.size).toBe(1500);
    });
  });

  describe("idempotency", () => {
    const body = { user_ids: ["idem"], title: "Once", content: "Only once", type: "info" };
    it("replays the first response for the same key and body, with no new rows", async () => {
      const headers = { ...bearer(KEY), "Idempotency-Key": "order-1" };
      const first = await send(body, headers);
      const again = await send(body, headers);
      expect(again.status).toBe(200);
      expect(again.json).toEqual(first.json);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      expect(first.headers.get("idempotent-replayed")).toBeNull();
      expect((await list("idem")).json.data.total).toBe(1);
    });

    it("refuses the same key with a different body (422)", async () => {
      const headers = { ...bearer(KEY), "Idempotency-Key": "order-2" };
      await send(body, headers);
      const other = await send({ ...body, title: "Different" }, headers);
      expect(other.status).toBe(422);
      expect((await list("idem")).json.data.total).toBe(2);
    });

    it("keys are scoped per API key", async () => {
      const res = await send(
        { ...body, user_ids: ["idem-b"] },
        { ...bearer(keyB), "Idempotency-Key": "order-1" },
      );
      expect(res.status).toBe(200);
      expect(res.headers.get("idempotent-replayed")).toBeNull();
    });

    it("50 concurrent identical requests run once", async () => {
      const headers = { ...bearer(KEY), "Idempotency-Key": "burst" };
      const results = await Promise.all(
        Array.from({ length: 50 }, () => send({ ...body, user_ids: ["burst"] }, headers)),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.every((s) => s === 200 || s === 409)).toBe(true);
      const fresh = results.filter((r) => r.status === 200 && !r.headers.get("idempotent-replayed"));
      expect(fresh).toHaveLength(1);
      expect((await list("burst")).json.data.total).toBe(1);
      const replay = await send({ ...body, user_ids: ["burst"] }, headers);
      expect(replay.json.data.notifications[0].id).toBe(fresh[0]!.json.data.notifications[0].id);
    });

    it("a failed request frees its key", async () => {
      const headers = { ...bearer(KEY), "Idempotency-Key": "fails-first" };
      expect((await send({ user_ids: ["f"], template_code: "nope" }, headers)).status).toBe(400);
      const keys = await t.database.db
        .select()
        .from(idempotencyKeys)
        .where(eq(idempotencyKeys.key, "fails-first"));
      expect(keys).toHaveLength(0);
    });

    it("refuses a key over 255 characters", async () => {
      const res = await send(body, { ...bearer(KEY), "Idempotency-Key": "k".repeat(256) });
      expect(res.status).toBe(400);
      expect(res.json.errors[0].field).toBe("Idempotency-Key");
    });
  });

  describe("reading and changing as the recipient", () => {
    let ids: string[];
    beforeAll(async () => {
      for (let i = 1; i <= 5; i++)
        await send({
          user_ids: ["reader", "other"],
          title: `N${i}`,
          content: `c${i}`,
          type: i % 2 ? "info" : "warning",
        });
      ids = (await list("reader")).json.data.notifications.map((n: { id: string }) => n.id);
    });

    it("lists newest first with page totals, and refuses out-of-range pages", async () => {
      const page = await list("reader", "?page=1&page_size=2");
      expect(page.json.data).toMatchObject({ total: 5, page: 1, page_size: 2, total_pages: 3 });
      expect(page.json.data.notifications.map((n: { title: string }) => n.title)).toEqual(["N5", "N4"]);
      const beyond = await list("reader", "?page=9&page_size=2");
      expect(beyond.status).toBe(200);
      expect(beyond.json.data.notifications).toEqual([]);
      expect(beyond.json.data.next_cursor).toBeNull();
      for (const qs of ["?page_size=0", "?page_size=101", "?page=0", "?page=abc"]) {
        const bad = await list("reader", qs);
        expect(bad.status).toBe(400);
        expect(bad.json.errors[0].field).toBe(qs.includes("page_size") ? "page_size" : "page");
      }
    });

    it("pages by cursor to the end without gaps or repeats", async () => {
      const seen: string[] = [];
      let cursor = "";
      for (let i = 0; i < 10; i++) {
        const res = await list("reader", `?page_size=2&cursor=${cursor}`);
        expect(res.status).toBe(200);
        seen.push(...res.json.data.notifications.map((n: { title: string }) => n.title));
        if (!res.json.data.next_cursor) break;
        cursor = res.json.data.next_cursor;
      }
      expect(seen).toEqual(["N5", "N4", "N3", "N2", "N1"]);
      expect((await list("reader", "?cursor=garbage")).status).toBe(400);
    });

    it("filters by type, unread and since", async () => {
      expect((await list("reader", "?type=warning")).json.data.total).toBe(2);
      expect((await list("reader", "?type=bogus")).status).toBe(400);
      expect((await list("reader", "?since=2000-01-01T00:00:00Z")).json.data.total).toBe(5);
      expect((await list("reader", "?since=2999-01-01T00:00:00Z")).json.data.total).toBe(0);
      expect((await list("reader", "?since=yesterday")).status).toBe(400);
    });

    it("reads one (owner only), marks read/unread idempotently and keeps the unread count", async () => {
      const get = byId("GET");
      const ok = await get(ids[0]!, as("reader"));
      expect(ok.status).toBe(200);
      expect(ok.json.data.notification.id).toBe(ids[0]);
      const stranger = await get(ids[0]!, as("other"));
      expect(stranger.status).toBe(404);
      expect(stranger.json).toEqual({
        code: 404,
        message: "Notification not found",
        error_code: "not_found",
      });
      expect((await get("00000000-0000-4000-8000-000000000000", as("reader"))).status).toBe(404);
      expect((await get("not-a-uuid", as("reader"))).status).toBe(400);

      expect(await unread("reader")).toBe(5);
      const markRead = byId("PUT", "/read");
      const first = await markRead(ids[0]!, as("reader"));
      expect(first.json.data.notification.read_at).toEqual(expect.any(String));
      expect((await markRead(ids[0]!, as("reader"))).status).toBe(200);
      expect(await unread("reader")).toBe(4);
      expect((await markRead(ids[0]!, as("other"))).status).toBe(404);
      expect((await byId("PUT", "/unread")(ids[0]!, as("reader"))).json.data.notification.read_at).toBeNull();
      expect(await unread("reader")).toBe(5);
      expect(await unread("other")).toBe(5);
    });

    it("batch-marks, counting what changed and what was not found", async () => {
      const foreign = (await list("other")).json.data.notifications[0].id;
      const missing = "00000000-0000-4000-8000-000000000001";
      const res = await api("POST", "/api/v1/notifications/batch-mark", {
        headers: as("reader"),
        body: { notification_ids: [ids[0], ids[1], foreign, missing], action: "read" },
      });
      expect(res.status).toBe(200);
      expect(res.json.data).toMatchObject({ affected: 2, not_found: 2 });
      expect(res.json.data.not_found_ids.sort()).toEqual([foreign, missing].sort());
      expect(await unread("reader")).toBe(3);
      expect(await unread("other")).toBe(5);
      const bad = await api("POST", "/api/v1/notifications/batch-mark", {
        headers: as("reader"),
        body: { notification_ids: [], action: "explode" },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        "action",
        "notification_ids",
      ]);
    });

    it("stats match the rows", async () => {
      const res = await api("GET", "/api/v1/notifications/stats", { headers: as("reader") });
      expect(res.json.data).toEqual({
        total: 5,
        unread: 3,
        read: 2,
        by_type: { info: 3, warning: 2 },
        by_priority: { normal: 5 },
      });
    });

    it("read-all marks everything and reports how many changed", async () => {
      const res = await api("POST", "/api/v1/notifications/read-all", {
        headers: as("reader"),
      });
      expect(res.json.data).toEqual({ updated: 3 });
      expect(await unread("reader")).toBe(0);
      const again = await api("POST", "/api/v1/notifications/read-all", {
        headers: as("reader"),
      });
      expect(again.json.data).toEqual({ updated: 0 });
    });

    it("deletes softly, owner only", async () => {
      const del = byId("DELETE");
      expect((await del(ids[4]!, as("other"))).status).toBe(404);
      expect((await del(ids[4]!, as("reader"))).status).toBe(200);
      expect((await del(ids[4]!, as("reader"))).status).toBe(404);
      expect((await list("reader")).json.data.total).toBe(4);
      const [row] = await t.database.db.select().from(notifications).where(eq(notifications.id, ids[4]!));
      expect(row!.deletedAt).not.toBeNull();
    });

    it("every change advances the recipient's change sequence, in order", async () => {
      const rows = await t.database.db
        .select({ changeSeq: notifications.changeSeq })
        .from(notifications)
        .innerJoin(users, eq(users.id, notifications.userId))
        .where(eq(users.externalId, "reader"));
      const seqs = rows.map((r) => r.changeSeq);
      expect(new Set(seqs).size).toBe(seqs.length); // no two rows share a change position
    });
  });

  describe("ownership on every per-notification route", () => {
    let mine: string;
    beforeAll(async () => {
      mine = (await send({ user_ids: ["owner"], title: "Mine", content: "x", type: "info" })).json.data
        .notifications[0].id;
      await send({ user_ids: ["intruder"], title: "Theirs", content: "x", type: "info" });
    });
    const userRoutes: [string, ReturnType<typeof byId>][] = [
      ["GET /:id", byId("GET")],
      ["PUT /:id/read", byId("PUT", "/read")],
      ["PUT /:id/unread", byId("PUT", "/unread")],
      ["DELETE /:id", byId("DELETE")],
    ];
    it.each(userRoutes)("%s as another user → 404, and nothing changes", async (_label, routeCall) => {
      const res = await routeCall(mine, as("intruder"));
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ code: 404, message: "Notification not found", error_code: "not_found" });
      const [row] = await t.database.db.select().from(notifications).where(eq(notifications.id, mine));
      expect(row).toMatchObject({ readAt: null, deletedAt: null, status: "sent" });
    });
    const serviceRoutes: [string, ReturnType<typeof byId>][] = [
      ["GET /:id", byId("GET")],
      ["POST /:id/recall", byId("POST", "/recall")],
      ["POST /:id/cancel", byId("POST", "/cancel")],
    ];
    it.each(serviceRoutes)("%s with another tenant's key → 404", async (_label, routeCall) => {
      expect((await routeCall(mine, bearer(keyB))).status).toBe(404);
      const [row] = await t.database.db.select().from(notifications).where(eq(notifications.id, mine));
      expect(row!.status).toBe("sent");
    });
    it("batch-mark, read-all, unread count and stats touch only the caller's rows", async () => {
      const batch = await api("POST", "/api/v1/notifications/batch-mark", {
        headers: as("intruder"),
        body: { notification_ids: [mine], action: "delete" },
      });
      expect(batch.json.data).toMatchObject({ affected: 0, not_found: 1 });
      await api("POST", "/api/v1/notifications/read-all", { headers: as("intruder") });
      expect(await unread("owner")).toBe(1);
      const stats = await api("GET", "/api/v1/notifications/stats", {
        headers: as("intruder"),
      });
      expect(stats.json.data).toMatchObject({ total: 1, unread: 0, read: 1 });
      const statsB = await api("GET", "/api/v1/notifications/stats", {
        headers: bearer(keyB),
      });
      expect(statsB.json.data.total).toBeLessThan(10);
    });
  });

  describe("tenant isolation", () => {
    it("tenant B sees none of tenant A's notifications, even for the same user id", async () => {
      const mine = (await list("ann")).json.data.notifications[0].id;
      const bAsAnn = { ...bearer(keyB), "X-User-Id": "ann" };
      expect((await api("GET", "/api/v1/notifications", { headers: bAsAnn })).status).toBe(404); // no such user in B
      await send({ user_ids: ["ann"], title: "B's", content: "x", type: "info" }, bearer(keyB));
      const bList = await api("GET", "/api/v1/notifications", { headers: bAsAnn });
      expect(bList.json.data.notifications.map((n: { title: string }) => n.title)).toEqual(["B's"]);
      expect((await byId("GET")(mine, bAsAnn)).status).toBe(404);
      expect((await byId("GET")(mine, bearer(keyB))).status).toBe(404);
      expect((await byId("POST", "/recall")(mine, bearer(keyB))).status).toBe(404);
      const tenantWide = await api("GET", "/api/v1/notifications?page_size=100", {
        headers: bearer(keyB),
      });
      expect(
        tenantWide.json.data.notifications.every(
          (n: { tenant_id: string }) => n.tenant_id === bList.json.data.notifications[0].tenant_id,
        ),
      ).toBe(true);
    });
  });

  describe("recall, schedule and cancel", () => {
    it("recall removes a notification from lists and counts and announces it", async () => {
      const sent = await send({ user_ids: ["rita"], title: "Oops", content: "wrong price", type: "info" });
      const id = sent.json.data.notifications[0].id;
      expect(await unread("rita")).toBe(1);
      const recall = await byId("POST", "/recall")(id, bearer(KEY));
      expect(recall.status).toBe(200);
      expect(recall.json.data.notification.status).toBe("recalled");
      expect(await unread("rita")).toBe(0);
      expect((await list("rita")).json.data.total).toBe(0);
      expect((await byId("GET")(id, as("rita"))).status).toBe(404);
      expect(
        events.some((e) => e.name === "notification.recalled" && e.payload.notificationIds.includes(id)),
      ).toBe(true);
      expect((await byId("POST", "/recall")(id, bearer(KEY))).status).toBe(200); // asking twice is fine
      expect((await byId("POST", "/cancel")(id, bearer(KEY))).status).toBe(409);
      // A recipient (here with a subscriber token) cannot recall.
      const token = await api("POST", "/api/v1/users/rita/token", {
        headers: bearer(KEY),
      });
      expect((await byId("POST", "/recall")(id, bearer(token.json.data.token))).status).toBe(403);
    });

    it("a scheduled send stays hidden until its time, then appears; a past time means now", async () => {
      const at = new Date(Date.now() + 2000).toISOString();
      const res = await send({
        user_ids: ["sam"],
        title: "Later",
        content: "soon",
        type: "info",
        schedule_at: at,
      });
      expect(res.json.data.notifications[0].status).toBe("pending");
      expect(res.json.data.scheduled_at).toBe(at);
      expect((await list("sam")).json.data.total).toBe(0);
      expect(await unread("sam")).toBe(0);
      const deadline = Date.now() + 10_000;
      let total = 0;
      while (Date.now() < deadline && total === 0) {
        await new Promise((r) => setTimeout(r, 250));
        total = (await list("sam")).json.data.total;
      }
      expect(total).toBe(1);
      const n = (await list("sam")).json.data.notifications[0];
      expect(n.status).toBe("sent");
      expect(new Date(n.sent_at).getTime()).toBeGreaterThanOrEqual(new Date(at).getTime() - 50);

      const past = await send({
        user_ids: ["sam"],
        title: "Now",
        content: "x",
        type: "info",
        schedule_at: "2001-01-01T00:00:00Z",
      });
      expect(past.json.data.notifications[0].status).toBe("sent");
    });

    it("cancel stops a scheduled send; cancelling a sent one is 409", async () => {
      const at = new Date(Date.now() + 1500).toISOString();
      const res = await send({
        user_ids: ["tom"],
        title: "Never",
        content: "x",
        type: "info",
        schedule_at: at,
      });
      const id = res.json.data.notifications[0].id;
      const cancel = await byId("POST", "/cancel")(id, bearer(KEY));
      expect(cancel.status).toBe(200);
      expect(cancel.json.data.notification.status).toBe("cancelled");
      await new Promise((r) => setTimeout(r, 3500));
      expect((await list("tom")).json.data.total).toBe(0);
      const sent = await send({ user_ids: ["tom"], title: "Now", content: "x", type: "info" });
      const conflict = await byId("POST", "/cancel")(sent.json.data.notifications[0].id, bearer(KEY));
      expect(conflict.status).toBe(409);
      expect(conflict.json.message).toBe("Only a pending scheduled notification can be cancelled");
    });
  });

  it("tenant-wide stats count statuses for the console", async () => {
    const res = await api("GET", "/api/v1/notifications/stats", { headers: bearer(KEY) });
    expect(res.status).toBe(200);
    const [{ n }] = (await t.database.db.select({ n: count() }).from(notifications)) as [{ n: number }];
    const tenantB = await t.database.db
      .select({ n: count() })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId));
    expect(res.json.data.total).toBeGreaterThan(0);
    expect(res.json.data.total).toBeLessThanOrEqual(n);
    expect(tenantB[0]!.n).toBe(n);
    expect(res.json.data.by_status.recalled).toBe(1);
    expect(res.json.data.by_status.cancelled).toBe(1);
    expect(Object.values(res.json.data.by_status as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(
      res.json.data.total,
    );
  });
});
