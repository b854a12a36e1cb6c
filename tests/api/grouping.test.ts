// Notification groups: a send's (or an in-app workflow step's) group_key, the grouped inbox list
// with its counts and cursor, a group's members, marking a group read live, and other users' groups.
import { createServer, type Server as HttpServer } from "node:http";
import { count, eq } from "drizzle-orm";
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueSubscriberToken } from "@/lib/auth/subscriber-token";
import type { Db } from "@/lib/db/client";
import { notifications } from "@/lib/db/schema";
import type { NotificationJson } from "@/lib/notifications/serialize";
import { attachRealtime, type Realtime } from "@/server/realtime";
import { api, bearer } from "../helpers/api";
import { connected, openSocket, until } from "../helpers/realtime";
import { drainSteps, openWorkflowTestbed, type WorkflowTestbed } from "../helpers/workflows";

const ORIGIN = "http://localhost:3000";
const KEY = "hk_grouping_test_key_0123456789abcdef0123";
const SERVICE = bearer(KEY);

type Group = { group_key: string | null; count: number; unread_count: number; latest: NotificationJson };

describe("notification groups", () => {
  let bed: WorkflowTestbed;
  let db: Db;
  let http: HttpServer;
  let realtime: Realtime;
  let url: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    bed = await openWorkflowTestbed(KEY, new Date());
    db = bed.t.database.db;
    http = createServer();
    realtime = await attachRealtime(http, { allowedOrigins: [ORIGIN], maxConnectionsPerUser: 5 });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", () => resolve()));
    url = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await realtime.close();
    await bed.close();
  });

  const tokenOf = async (user: string) => bearer((await issueSubscriberToken(db, bed.tenantId, user)).token);
  const send = async (user: string, title: string, groupKey?: string) => {
    const res = await api("POST", "/api/v1/notifications", {
      headers: SERVICE,
      body: { user_ids: [user], title, content: "x", type: "info", group_key: groupKey },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.data.notifications[0].id as string;
  };
  const groupsOf = async (auth: Record<string, string>, query = "") => {
    const res = await api("GET", `/api/v1/notifications?grouped=true&cursor=${query}`, { headers: auth });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.data as { groups: Group[]; next_cursor: string | null; page_size: number };
  };
  const unreadOf = async (auth: Record<string, string>) =>
    (await api("GET", "/api/v1/notifications/unread/count", { headers: auth })).json.data.unread_count;
  const rowCount = async () => (await db.select({ n: count() }).from(notifications))[0]!.n;

  it("a send stores its group_key and answers it on every notification", async () => {
    const id = await send("gina", "Kept", "kept-1");
    const [row] = await db.select().from(notifications).where(eq(notifications.id, id));
    expect(row!.groupKey).toBe("kept-1");
    const one = await api("GET", `/api/v1/notifications/${id}`, { headers: await tokenOf("gina") });
    expect(one.json.data.notification.group_key).toBe("kept-1");
    const plain = await send("gina", "Plain");
    const other = await api("GET", `/api/v1/notifications/${plain}`, { headers: await tokenOf("gina") });
    expect(other.json.data.notification.group_key).toBeNull();
  });

  it("a group_key over 200 characters is a 400 naming it, and nothing is written", async () => {
    const before = await rowCount();
    const res = await api("POST", "/api/v1/notifications", {
      headers: SERVICE,
      body: { user_ids: ["gina"], title: "Too long", content: "x", type: "info", group_key: "k".repeat(201) },
    });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ field: "group_key", message: "must be at most 200 characters" }]);
    expect(await rowCount()).toBe(before);
    // 200 is allowed.
    await send("gina", "Just fits", "k".repeat(200));
  });

  it("grouped=true lists one item per group, newest group first, with count, unread_count and latest", async () => {
    const ada = await tokenOf("ada");
    const c1 = await send("ada", "Comment 1", "review");
    const solo = await send("ada", "Solo");
    await send("ada", "Comment 2", "review");
    const other = await send("ada", "Other", "other");
    const c3 = await send("ada", "Comment 3", "review");
    await api("PUT", `/api/v1/notifications/${c1}/read`, { headers: ada });

    const page = await groupsOf(ada);
    expect(page.groups.map((g) => [g.group_key, g.count, g.unread_count, g.latest.id])).toEqual([
      ["review", 3, 2, c3],
      ["other", 1, 1, other],
      [null, 1, 1, solo],
    ]);
    expect(page.groups[0]!.latest.title).toBe("Comment 3");
    expect(page.next_cursor).toBeNull();

    // Keyset pages by each group's latest member.
    const first = await groupsOf(ada, "&page_size=1");
    expect(first.groups.map((g) => g.group_key)).toEqual(["review"]);
    const second = await groupsOf(ada, `${first.next_cursor}&page_size=1`);
    expect(second.groups.map((g) => g.group_key)).toEqual(["other"]);
    const third = await groupsOf(ada, `${second.next_cursor}&page_size=1`);
    expect(third.groups.map((g) => g.latest.id)).toEqual([solo]);
    expect(third.next_cursor).toBeNull();

    // A group's members, as the flat list, newest first.
    const members = await api("GET", "/api/v1/notifications?group_key=review&cursor=", { headers: ada });
    expect(members.json.data.notifications.map((n: NotificationJson) => n.title)).toEqual([
      "Comment 3",
      "Comment 2",
      "Comment 1",
    ]);

    // Unread only: a group counts its unread members.
    const unread = await groupsOf(ada, "&unread_only=true");
    expect(unread.groups.map((g) => [g.group_key, g.count])).toEqual([
      ["review", 2],
      ["other", 1],
      [null, 1],
    ]);

    // An archived member leaves the inbox's group (now led by Comment 2) and shows grouped in the
    // Archived view.
    await api("PUT", `/api/v1/notifications/${c3}/archive`, { headers: ada });
    const after = await groupsOf(ada);
    expect(after.groups.map((g) => [g.group_key, g.count, g.latest.title])).toEqual([
      ["other", 1, "Other"],
      ["review", 2, "Comment 2"],
      [null, 1, "Solo"],
    ]);
    const archived = await groupsOf(ada, "&view=archived");
    expect(archived.groups.map((g) => [g.group_key, g.count, g.latest.id])).toEqual([["review", 1, c3]]);
  });

  it("grouped=true needs a user's own list: tenant-wide it is a 400 naming it", async () => {
    const res = await api("GET", "/api/v1/notifications?grouped=true", { headers: SERVICE });
    expect(res.status).toBe(400);
    expect(res.json.errors).toEqual([{ field: "grouped", message: "needs a user's own list" }]);
  });

  it("marking a group read marks its unread inbox members at once, live with the new unread count", async () => {
    const bea = await tokenOf("bea");
    const socket = openSocket(url, {
      auth: { token: (await issueSubscriberToken(db, bed.tenantId, "bea")).token },
    });
    sockets.push(socket);
    const fresh: NotificationJson[] = [];
    const updated: NotificationJson[] = [];
    const counts: number[] = [];
    socket.on("notification:new", (n: NotificationJson) => fresh.push(n));
    socket.on("notification:updated", (n: NotificationJson) => updated.push(n));
    socket.on("unread:count", ({ count: n }: { count: number }) => counts.push(n));
    await connected(socket);

    const ids = [
      await send("bea", "Design 1", "design review"),
      await send("bea", "Design 2", "design review"),
      await send("bea", "Design 3", "design review"),
    ];
    const loose = await send("bea", "Loose");
    // The live event carries the key the open inbox folds by.
    await until(() => fresh.length === 4);
    expect(fresh.map((n) => n.group_key)).toEqual(["design review", "design review", "design review", null]);
    // Another user with the same key is untouched by bea's mark.
    const carlsId = await send("carl", "Carl's design", "design review");
    expect(await unreadOf(bea)).toBe(4);

    const res = await api("PUT", `/api/v1/notifications/groups/${encodeURIComponent("design review")}/read`, {
      headers: bea,
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.data).toEqual({ updated: 3 });
    expect(await unreadOf(bea)).toBe(1);
    await until(() => ids.every((id) => updated.some((n) => n.id === id && n.read_at !== null)));
    await until(() => counts.at(-1) === 1);
    expect(updated.some((n) => n.id === loose)).toBe(false);
    const [group] = (await groupsOf(bea)).groups.filter((g) => g.group_key === "design review");
    expect(group).toMatchObject({ count: 3, unread_count: 0 });
    const [carls] = await db.select().from(notifications).where(eq(notifications.id, carlsId));
    expect(carls!.readAt).toBeNull();

    // Asking again changes nothing.
    const again = await api(
      "PUT",
      `/api/v1/notifications/groups/${encodeURIComponent("design review")}/read`,
      {
        headers: bea,
      },
    );
    expect(again.json.data).toEqual({ updated: 0 });
  });

  it("another user's group is invisible: not in their grouped list, 404 to mark", async () => {
    await send("dora", "Dora's secret", "dora-only");
    const eve = await tokenOf("eve");
    await send("eve", "Eve's own");
    expect((await groupsOf(eve)).groups.map((g) => g.group_key)).toEqual([null]);
    const res = await api("PUT", "/api/v1/notifications/groups/dora-only/read", { headers: eve });
    expect(res.status).toBe(404);
    const members = await api("GET", "/api/v1/notifications?group_key=dora-only&cursor=", { headers: eve });
    expect(members.json.data.notifications).toEqual([]);
    const [dora] = await db.select().from(notifications).where(eq(notifications.groupKey, "dora-only"));
    expect(dora!.readAt).toBeNull();
  });

  it("an in-app workflow step renders its group_key with Liquid", async () => {
    const created = await api("POST", "/api/v1/workflows", {
      headers: SERVICE,
      body: {
        key: "comment.grouped",
        name: "Grouped comments",
        steps: [
          {
            id: "inapp",
            type: "in_app",
            title: "New comment",
            content: "{{ payload.text }}",
            group_key: "post-{{ payload.post }}",
          },
        ],
      },
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    for (const text of ["one", "two"]) {
      const res = await api("POST", "/api/v1/workflows/comment.grouped/trigger", {
        headers: SERVICE,
        body: { to: ["finn"], payload: { text, post: 7 } },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(202);
    }
    await drainSteps(db, bed.boss);
    const finn = await tokenOf("finn");
    expect((await groupsOf(finn)).groups.map((g) => [g.group_key, g.count, g.latest.content])).toEqual([
      ["post-7", 2, "two"],
    ]);

    const bad = await api("POST", "/api/v1/workflows", {
      headers: SERVICE,
      body: {
        key: "comment.bad",
        name: "Bad",
        steps: [{ id: "inapp", type: "in_app", title: "T", content: "C", group_key: "{{ secret.x }}" }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toContain("steps.0.group_key");
  });
});
