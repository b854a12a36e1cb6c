import { and, count, eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { announcementReads, announcements, auditLog, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { bus, type DomainEvent } from "@/lib/events";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES, startWorkers } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_announcements_test_super_key_0123456789";
const as = (user: string, key = KEY) => ({ ...bearer(key), "X-User-Id": user });
type Method = "GET" | "PUT" | "POST" | "DELETE";
const at = (method: Method, path: string, headers: Record<string, string>, body?: unknown) =>
  api(method, path, { headers, body });
const onId =
  (method: Method, suffix = "") =>
  (id: string, headers: Record<string, string> = bearer(KEY), body?: unknown) =>
    api(method, `/api/v1/announcements/${id}${suffix}`, {
      headers,
      body,
    });

const create = (body: unknown, headers = bearer(KEY)) => at("POST", "/api/v1/announcements", headers, body);
const get = onId("GET");
const update = onId("PUT");
const remove = onId("DELETE");
const publish = onId("POST", "/publish");
const archive = onId("POST", "/archive");
const read = onId("POST", "/read");
const dismiss = onId("POST", "/dismiss");
const active = async (user: string) => (await at("GET", "/api/v1/announcements/active", as(user))).json.data;
const unread = async (user: string) =>
  (await at("GET", "/api/v1/notifications/unread/count", as(user))).json.data.unread_count;
const activeIds = async (user: string) => (await active(user)).announcements.map((a: { id: string }) => a.id);

async function until<T>(probe: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("announcements API", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let keyB: string;
  const events: DomainEvent[] = [];
  const announcementEvents = () => events.filter((e) => e.name.startsWith("announcement."));

  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await startWorkers(boss);
    bus().subscribe((e) => events.push(e));
    for (const [user, role] of [
      ["ann", "user"],
      ["ben", "user"],
      ["cat", "user"],
      ["boss", "admin"],
    ] as const)
      await api("PUT", `/api/v1/users/${user}`, {
        headers: bearer(KEY),
        body: { role },
      });
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "other", name: "Other" },
    });
    keyB = b.json.data.api_key.key;
    await api("PUT", "/api/v1/users/ann", {
      headers: bearer(keyB),
      body: {},
    });
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
  });
  beforeEach(() => {
    events.length = 0;
  });

  it("creates a draft with defaults, in the envelope, and nobody sees a draft", async () => {
    const res = await create({ title: "Welcome", content: "Hello **everyone**" });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ code: 201, message: "Announcement created" });
    expect(res.json.data).toMatchObject({
      title: "Welcome",
      content: "Hello **everyone**",
      content_html: "<p>Hello <strong>everyone</strong></p>\n",
      type: "notice",
      severity: "info",
      audience: { all: true },
      status: "draft",
      is_active: false,
      channels: [],
      pinned: false,
      publish_at: null,
      published_at: null,
      delivery_progress: { status: "not_requested" },
    });
    expect(await activeIds("ann")).not.toContain(res.json.data.id);
    expect(announcementEvents()).toEqual([]);
    const fetched = await get(res.json.data.id);
    expect(fetched.json.data).toEqual(res.json.data);
  });

  const valid = { title: "t", content: "c" };
  it.each([
    ["an empty title", { ...valid, title: " " }, "Invalid title"],
    ["a title over 100", { ...valid, title: "x".repeat(101) }, "Invalid title"],
    ["no content", { title: "t" }, "Invalid content"],
    ["an unknown type", { ...valid, type: "gossip" }, "Invalid type"],
    ["an unknown severity", { ...valid, severity: "meh" }, "Invalid severity"],
    ["an audience of nobody", { ...valid, audience: { user_ids: [] } }, "Invalid audience"],
    ["an audience of two kinds", { ...valid, audience: { all: true, roles: ["admin"] } }, "Invalid audience"],
    ["an unknown role", { ...valid, audience: { roles: ["king"] } }, "Invalid audience"],
    ["a bad publish_at", { ...valid, publish_at: "soon" }, "Invalid publish_at"],
    [
      "expiry before publishing",
      { ...valid, publish_at: "2030-01-02T00:00:00Z", expires_at: "2030-01-01T00:00:00Z" },
      "Invalid expires_at",
    ],
    ["an unknown extra channel", { ...valid, channels: ["fax"] }, "Invalid channels"],
    ["an unknown field", { ...valid, colour: "red" }, "Invalid colour"],
  ])("refuses %s with 400 naming the field, writing nothing", async (_name, body, message) => {
    const before = await t.database.db.select({ n: count() }).from(announcements);
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.json.message).toBe(message);
    expect(await t.database.db.select({ n: count() }).from(announcements)).toEqual(before);
  });

  it("needs a service caller to manage, and an acting user to read", async () => {
    expect((await create(valid, as("ann"))).status).toBe(201); // an API key acting for a user is still the service
    expect((await at("GET", "/api/v1/announcements", {})).status).toBe(401);
    expect((await at("GET", "/api/v1/announcements/active", bearer(KEY))).status).toBe(403);
  });

  it("publishes to everyone with one row written, live once to the tenant, unread first", async () => {
    const first = (await create({ title: "Old news", content: "old" })).json.data;
    await publish(first.id);
    await read(first.id, as("ann"));
    const counted = async () => ({
      announcements: (await t.database.db.select({ n: count() }).from(announcements))[0]!.n,
      reads: (await t.database.db.select({ n: count() }).from(announcementReads))[0]!.n,
    });
    const a = (await create({ title: "Maintenance", content: "Tonight", severity: "warning" })).json.data;
    const before = await counted();
    const auditBefore = (await t.database.db.select({ n: count() }).from(auditLog))[0]!.n;
    events.length = 0;
    const res = await publish(a.id);
    expect(res.status).toBe(200);
    expect(res.json.message).toBe("Announcement published");
    expect(res.json.data).toMatchObject({ status: "published", is_active: true });
    expect(res.json.data.published_at).toEqual(expect.any(String));
    // Fan-out on read: no per-user rows, whatever the audience.
    expect(await counted()).toEqual(before);
    expect((await t.database.db.select({ n: count() }).from(auditLog))[0]!.n).toBe(auditBefore + 1);
    expect(announcementEvents()).toEqual([
      expect.objectContaining({
        name: "announcement.published",
        payload: expect.objectContaining({
          announcementId: a.id,
          audience: { all: true },
          announcement: expect.objectContaining({ id: a.id, title: "Maintenance", is_read: false }),
        }),
      }),
    ]);
    for (const user of ["ann", "ben", "boss"]) expect(await activeIds(user)).toContain(a.id);
    // Unread first: ann read the older one.
    const annList = await active("ann");
    expect(annList.announcements.findIndex((x: { id: string }) => x.id === a.id)).toBeLessThan(
      annList.announcements.findIndex((x: { id: string }) => x.id === first.id),
    );
    expect(annList.announcements.find((x: { id: string }) => x.id === first.id)).toMatchObject({
      is_read: true,
    });
    // Publishing again changes nothing and says nothing.
    events.length = 0;
    expect((await publish(a.id)).json.data.published_at).toBe(res.json.data.published_at);
    expect(announcementEvents()).toEqual([]);
    await archive(a.id);
    await archive(first.id);
  });

  it("a targeted audience never reaches anyone else, by user id or by role", async () => {
    const byUser = (
      await create({ title: "For Ann", content: "x", audience: { user_ids: ["ann", "nobody"] } })
    ).json.data;
    const byRole = (await create({ title: "Admins", content: "x", audience: { roles: ["admin"] } })).json
      .data;
    events.length = 0;
    await publish(byUser.id);
    await publish(byRole.id);
    expect(await activeIds("ann")).toContain(byUser.id);
    expect(await activeIds("ann")).not.toContain(byRole.id);
    expect(await activeIds("ben")).not.toContain(byUser.id);
    expect(await activeIds("boss")).toContain(byRole.id);
    expect(await activeIds("boss")).not.toContain(byUser.id);
    // Another tenant's "ann" is someone else.
    expect(
      (await at("GET", "/api/v1/announcements/active", as("ann", keyB))).json.data.announcements,
    ).toEqual([]);
    // Not yours: 404, nothing written.
    expect((await read(byUser.id, as("ben"))).status).toBe(404);
    expect((await dismiss(byRole.id, as("ann"))).status).toBe(404);
    const [annRow] = await t.database.db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.externalId, "ann"),
          sql`${users.tenantId} = (select tenant_id from announcements where id = ${byUser.id})`,
        ),
      );
    const published = announcementEvents().filter((e) => e.name === "announcement.published");
    expect(published.map((e) => e.payload.audience)).toEqual([
      { userIds: [annRow!.id] },
      { roles: ["admin"] },
    ]);
    await archive(byUser.id);
    await archive(byRole.id);
  });

  it("read and dismiss are per user, and the unread count follows the rule", async () => {
    const base = { ann: await unread("ann"), ben: await unread("ben") };
    const a = (await create({ title: "Counted", content: "x" })).json.data;
    expect(await unread("ann")).toBe(base.ann); // a draft does not count
    await publish(a.id);
    expect(await unread("ann")).toBe(base.ann + 1);
    expect(await unread("ben")).toBe(base.ben + 1);

    events.length = 0;
    const r = await read(a.id, as("ann"));
    expect(r.status).toBe(200);
    expect(r.json.data).toMatchObject({ announcement: { id: a.id, is_read: true }, unread_count: base.ann });
    expect(events).toContainEqual(
      expect.objectContaining({
        name: "unread.changed",
        payload: expect.objectContaining({ count: base.ann }),
      }),
    );
    expect(await unread("ann")).toBe(base.ann);
    expect(await unread("ben")).toBe(base.ben + 1); // ben's is still unread
    const readAt = r.json.data.announcement.read_at;
    expect((await read(a.id, as("ann"))).json.data.announcement.read_at).toBe(readAt); // twice: the first time stays
    expect(await activeIds("ann")).toContain(a.id); // read, still shown

    events.length = 0;
    const d = await dismiss(a.id, as("ben"));
    expect(d.status).toBe(200);
    expect(d.json.data.unread_count).toBe(base.ben);
    expect(await activeIds("ben")).not.toContain(a.id);
    expect(await activeIds("ann")).toContain(a.id);
    expect(announcementEvents()).toEqual([
      expect.objectContaining({
        name: "announcement.removed",
        payload: expect.objectContaining({ announcementId: a.id }),
      }),
    ]);
    // Reading a dismissed one changes nothing: it stays dismissed.
    expect((await read(a.id, as("ben"))).status).toBe(200);
    expect(await activeIds("ben")).not.toContain(a.id);

    // A notification and an announcement add up.
    await at("POST", "/api/v1/notifications", bearer(KEY), {
      user_ids: ["cat"],
      title: "n",
      content: "c",
      type: "info",
    });
    expect(await unread("cat")).toBe((await active("cat")).unread + 1);

    // Archived: it no longer counts or shows.
    await archive(a.id);
    expect(await unread("cat")).toBe(1);
    expect(await activeIds("cat")).not.toContain(a.id);
    expect((await read(a.id, as("cat"))).status).toBe(404);
  });

  it("edits: live update, audience change tells who left, archived ones cannot change", async () => {
    const a = (await create({ title: "Draft", content: "x" })).json.data;
    const edited = await update(a.id, bearer(KEY), { title: "Edited draft", pinned: true });
    expect(edited.json.data).toMatchObject({ title: "Edited draft", pinned: true, content: "x" });
    expect(announcementEvents()).toEqual([]); // a draft has no audience yet
    await publish(a.id);
    events.length = 0;
    await update(a.id, bearer(KEY), { content: "# New", audience: { roles: ["admin"] } });
    expect(announcementEvents()).toEqual([
      expect.objectContaining({
        name: "announcement.updated",
        payload: expect.objectContaining({
          audience: { roles: ["admin"] },
          previousAudience: { all: true },
          announcement: expect.objectContaining({ content_html: "<h1>New</h1>\n" }),
        }),
      }),
    ]);
    expect(await activeIds("ann")).not.toContain(a.id);
    expect((await update(a.id, bearer(KEY), { publish_at: "2031-01-01T00:00:00Z" })).json.message).toBe(
      "Invalid publish_at",
    );
    events.length = 0;
    await archive(a.id);
    expect(announcementEvents().map((e) => e.name)).toEqual(["announcement.removed"]);
    const again = await update(a.id, bearer(KEY), { title: "x" });
    expect(again.status).toBe(409);
    expect((await publish(a.id)).status).toBe(409);
    expect((await archive(a.id)).json.data.status).toBe("archived"); // twice is fine
  });

  it("is tenant-scoped: another tenant's announcement is a 404 everywhere", async () => {
    const a = (await create({ title: "Ours", content: "x" })).json.data;
    const theirs = bearer(keyB);
    expect((await get(a.id, theirs)).status).toBe(404);
    expect((await update(a.id, theirs, { title: "Theirs" })).status).toBe(404);
    expect((await publish(a.id, theirs)).status).toBe(404);
    expect((await archive(a.id, theirs)).status).toBe(404);
    expect((await remove(a.id, theirs)).status).toBe(404);
    expect((await get(a.id)).json.data.title).toBe("Ours");
    const list = await at("GET", "/api/v1/announcements", theirs);
    expect(list.json.data.announcements.map((x: { id: string }) => x.id)).not.toContain(a.id);
    expect((await get("not-a-uuid")).json.message).toBe("Invalid id");
  });

  it("lists with status filter and pages", async () => {
    const res = await at("GET", "/api/v1/announcements?status=archived&page_size=2", bearer(KEY));
    expect(res.status).toBe(200);
    expect(res.json.data).toMatchObject({ page: 1, page_size: 2 });
    expect(res.json.data.total).toBeGreaterThan(2);
    expect(res.json.data.announcements).toHaveLength(2);
    for (const a of res.json.data.announcements) expect(a.status).toBe("archived");
  });

  it("delete takes a published one down live and 404s afterwards", async () => {
    const a = (await create({ title: "Gone", content: "x" })).json.data;
    await publish(a.id);
    events.length = 0;
    expect((await remove(a.id)).json.message).toBe("Announcement deleted");
    expect(announcementEvents().map((e) => e.name)).toEqual(["announcement.removed"]);
    expect((await get(a.id)).status).toBe(404);
    expect(await activeIds("ann")).not.toContain(a.id);
  });

  it("sanitises Markdown when rendering, and stores it as written", async () => {
    const content =
      "[click](javascript:alert(1)) <script>alert(2)</script><img src=x onerror=alert(3)> **ok**";
    const a = (await create({ title: "XSS", content })).json.data;
    expect(a.content).toBe(content);
    expect(a.content_html).not.toMatch(/script|onerror|javascript:/i);
    expect(a.content_html).toContain("<strong>ok</strong>");
  });

  it("scheduled publish and expiry go through the queue at their times", async () => {
    const publishAt = new Date(Date.now() + 2_000);
    const expiresAt = new Date(Date.now() + 4_500);
    const a = (
      await create({
        title: "Soon",
        content: "x",
        publish_at: publishAt.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
    ).json.data;
    const res = await publish(a.id);
    expect(res.json.data.status).toBe("scheduled");
    expect(res.json.message).toBe("Announcement scheduled");
    expect(await activeIds("ann")).not.toContain(a.id);
    expect((await read(a.id, as("ann"))).status).toBe(404);

    const published = await until(
      () => get(a.id),
      (r) => r.json.data.status === "published",
    );
    expect(published.json.data.status).toBe("published");
    expect(Date.parse(published.json.data.published_at)).toBeGreaterThanOrEqual(publishAt.getTime() - 50);
    expect(await activeIds("ann")).toContain(a.id);
    expect(events.some((e) => e.name === "announcement.published" && e.payload.announcementId === a.id)).toBe(
      true,
    );

    const removed = await until(
      async () => events.find((e) => e.name === "announcement.removed" && e.payload.announcementId === a.id),
      Boolean,
    );
    expect(removed).toBeDefined();
    expect(Date.now()).toBeGreaterThanOrEqual(expiresAt.getTime());
    expect(await activeIds("ann")).not.toContain(a.id);
    expect((await get(a.id)).json.data).toMatchObject({ status: "published", is_active: false });
  });

  it("rescheduling: only the latest publish_at counts", async () => {
    const a = (
      await create({ title: "Later", content: "x", publish_at: new Date(Date.now() + 1_000).toISOString() })
    ).json.data;
    await publish(a.id);
    await update(a.id, bearer(KEY), { publish_at: new Date(Date.now() + 60_000).toISOString() });
    await new Promise((r) => setTimeout(r, 2_500));
    expect((await get(a.id)).json.data.status).toBe("scheduled");
    // Publishing a scheduled one publishes it now.
    expect((await publish(a.id)).json.data.status).toBe("published");
    await archive(a.id);
  });
});
