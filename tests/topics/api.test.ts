import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { auditLog, tenants, topics, topicSubscribers, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { subscriberPage } from "@/lib/topics/store";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_topics_test_super_key_0123456789abcd";
const H = bearer(KEY);
const base = "/api/v1/topics";
const at = (key: string) => `${base}/${encodeURIComponent(key)}`;
const put = (key: string, body: unknown, headers = H) => api("PUT", at(key), { headers, body });
const get = (key: string, headers = H) => api("GET", at(key), { headers });
const del = (key: string, headers = H) => api("DELETE", at(key), { headers });
const list = (qs = "", headers = H) => api("GET", `${base}${qs}`, { headers });
const subscribe = (key: string, userIds: string[], headers = H) =>
  api("POST", `${at(key)}/subscribers`, { headers, body: { user_ids: userIds } });
const unsubscribe = (key: string, userIds: string[], headers = H) =>
  api("DELETE", `${at(key)}/subscribers`, {
    headers,
    body: { user_ids: userIds },
  });
const subscribers = (key: string, qs = "", headers = H) =>
  api("GET", `${at(key)}/subscribers${qs}`, { headers });
const userTopics = (userId: string, qs = "", headers = H) =>
  api("GET", `/api/v1/users/${encodeURIComponent(userId)}/topics${qs}`, {
    headers,
  });

/** Every subscriber's user_id, following next_cursor to the end. */
async function allSubscribers(key: string, pageSize: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (;;) {
    const qs: string = `?page_size=${pageSize}${cursor ? `&cursor=${cursor}` : ""}`;
    const res = await subscribers(key, qs);
    expect(res.status).toBe(200);
    seen.push(...res.json.data.subscribers.map((u: { user_id: string }) => u.user_id));
    cursor = res.json.data.next_cursor;
    if (!cursor) return seen;
  }
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe("topics API", () => {
  let t: TestDatabase;
  let tenantId: string;
  let keyB: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    const b = await api("POST", "/api/v1/tenants", {
      headers: H,
      body: { slug: "other", name: "Other" },
    });
    keyB = b.json.data.api_key.key;
  });
  afterAll(async () => t.drop());

  const db = () => t.database.db;
  const rowCount = async (table: typeof topics | typeof topicSubscribers | typeof users) =>
    (await db().select({ n: count() }).from(table))[0]!.n;
  const actions = async (action: string) =>
    (await db().select().from(auditLog).where(eq(auditLog.action, action))).length;
  const keyWith = async (scopes: string[]) => {
    const res = await api("POST", "/api/v1/api-keys", {
      headers: H,
      body: { name: scopes.join(" "), scopes },
    });
    expect(res.status).toBe(201);
    return bearer(res.json.data.key as string);
  };

  describe("a topic", () => {
    it("is created (201), renamed (200) under the same id, and saved unchanged without an audit row", async () => {
      const created = await put("project-42", { name: "Project 42" });
      expect(created.status).toBe(201);
      expect(created.json.message).toBe("Topic created");
      expect(created.json.data).toMatchObject({ key: "project-42", name: "Project 42" });

      const renamed = await put("project-42", { name: "Project forty-two" });
      expect(renamed.status).toBe(200);
      expect(renamed.json.message).toBe("Topic saved");
      expect(renamed.json.data).toMatchObject({ id: created.json.data.id, name: "Project forty-two" });

      const again = await put("project-42", { name: "Project forty-two" });
      expect(again.status).toBe(200);
      expect(await actions("topic.created")).toBe(1);
      expect(await actions("topic.renamed")).toBe(1);

      const read = await get("project-42");
      expect(read.status).toBe(200);
      expect(read.json.data).toEqual(renamed.json.data);
    });

    it("takes keys of a-z, 0-9 and _ . : - only, and a name", async () => {
      for (const bad of ["Project", "has space", "ü", "x".repeat(129)]) {
        const res = await put(bad, { name: "Bad" });
        expect(res.status, bad).toBe(400);
        expect(res.json.errors.map((e: { field: string }) => e.field)).toEqual(["key"]);
      }
      expect((await put("org:acme.team_1-x", { name: "Punctuated" })).status).toBe(201);
      const noName = await put("nameless", {});
      expect(noName.status).toBe(400);
      expect(noName.json.errors[0].field).toBe("name");
      const extra = await put("nameless", { name: "N", colour: "red" });
      expect(extra.json.errors[0].field).toBe("colour");
      expect((await get("nameless")).status).toBe(404);
    });

    it("lists by key, filtered by q, paginated", async () => {
      for (const k of ["list-b", "list-a", "list-c"])
        expect((await put(k, { name: `Name ${k}` })).status).toBe(201);
      const page = await list("?q=LIST-&page_size=2");
      expect(page.status).toBe(200);
      expect(page.json.data).toMatchObject({ total: 3, page: 1, page_size: 2, total_pages: 2 });
      expect(page.json.data.topics.map((x: { key: string }) => x.key)).toEqual(["list-a", "list-b"]);
      const second = await list("?q=list-&page_size=2&page=2");
      expect(second.json.data.topics.map((x: { key: string }) => x.key)).toEqual(["list-c"]);
      const byName = await list("?q=name%20list-c");
      expect(byName.json.data.topics.map((x: { key: string }) => x.key)).toEqual(["list-c"]);
      // LIKE's own wildcards match themselves only.
      expect((await list("?q=%25")).json.data.total).toBe(0);
    });

    it("is deleted with its subscriptions, and its key is free again", async () => {
      expect((await put("doomed", { name: "Doomed" })).status).toBe(201);
      expect((await subscribe("doomed", ["d1", "d2"])).json.data).toEqual({ added: 2, already: 0 });
      const removed = await del("doomed");
      expect(removed.status).toBe(200);
      expect(removed.json).toMatchObject({ message: "Topic deleted", data: null });
      expect((await get("doomed")).status).toBe(404);
      expect((await del("doomed")).status).toBe(404);
      expect((await subscribers("doomed")).status).toBe(404);
      expect((await userTopics("d1")).json.data.total).toBe(0);
      const fresh = await put("doomed", { name: "Doomed again" });
      expect(fresh.status).toBe(201);
      expect((await subscribers("doomed")).json.data.subscribers).toEqual([]);
    });
  });

  describe("subscribers", () => {
    it("are added set-based (already counted), created when unknown, and removed", async () => {
      expect((await put("subs", { name: "Subs" })).status).toBe(201);
      const first = await subscribe("subs", ["ann", "ben", "cy"]);
      expect(first.status).toBe(200);
      expect(first.json.data).toEqual({ added: 3, already: 0 });
      // Unknown ids became users, as a send creates them.
      const ann = await api("GET", "/api/v1/users/ann", {
        headers: H,
      });
      expect(ann.status).toBe(200);

      const again = await subscribe("subs", ["ann", "ben", "cy", "ann", "dee"]);
      expect(again.json.data).toEqual({ added: 1, already: 3 });

      const out = await unsubscribe("subs", ["ann", "ben", "nobody", "ann"]);
      expect(out.status).toBe(200);
      expect(out.json.data).toEqual({ removed: 2 });
      expect((await unsubscribe("subs", ["ann"])).json.data).toEqual({ removed: 0 });
      expect((await allSubscribers("subs", 10)).sort()).toEqual(["cy", "dee"]);
      expect(await actions("topic.subscribers_added")).toBeGreaterThanOrEqual(2);
      expect(await actions("topic.subscribers_removed")).toBeGreaterThanOrEqual(2);
    });

    it("takes 10,000 ids in one call and refuses 10,001 naming user_ids, writing nothing", async () => {
      expect((await put("big", { name: "Big" })).status).toBe(201);
      const many = await subscribe("big", ids("big", 10_000));
      expect(many.status).toBe(200);
      expect(many.json.data).toEqual({ added: 10_000, already: 0 });

      const [usersBefore, subsBefore] = [await rowCount(users), await rowCount(topicSubscribers)];
      const tooMany = await subscribe("big", ids("over", 10_001));
      expect(tooMany.status).toBe(400);
      expect(tooMany.json.errors.map((e: { field: string }) => e.field)).toEqual(["user_ids"]);
      expect(await rowCount(users)).toBe(usersBefore);
      expect(await rowCount(topicSubscribers)).toBe(subsBefore);
      const tooManyOut = await unsubscribe("big", ids("big", 10_001));
      expect(tooManyOut.status).toBe(400);
      expect(await rowCount(topicSubscribers)).toBe(subsBefore);
    }, 120_000);

    it("refuses a deleted user naming its index, writing nothing (not even the new users)", async () => {
      expect((await put("with-deleted", { name: "With deleted" })).status).toBe(201);
      expect((await subscribe("with-deleted", ["gone"])).status).toBe(200);
      const deleted = await api("DELETE", "/api/v1/users/gone", {
        headers: H,
      });
      expect(deleted.status).toBe(200);
      const [usersBefore, subsBefore] = [await rowCount(users), await rowCount(topicSubscribers)];
      const res = await subscribe("with-deleted", ["brand-new", "gone", "cy"]);
      expect(res.status).toBe(400);
      expect(res.json.errors).toEqual([{ field: "user_ids.1", message: expect.stringMatching(/deleted/) }]);
      expect(await rowCount(users)).toBe(usersBefore);
      expect(await rowCount(topicSubscribers)).toBe(subsBefore);
      expect(
        (
          await api("GET", "/api/v1/users/brand-new", {
            headers: H,
          })
        ).status,
      ).toBe(404);
    });

    it("to a missing topic is 404, and writes nothing", async () => {
      const before = await rowCount(users);
      expect((await subscribe("no-such-topic", ["someone-new"])).status).toBe(404);
      expect((await unsubscribe("no-such-topic", ["ann"])).status).toBe(404);
      expect(await rowCount(users)).toBe(before);
    });

    it("are listed as users by a cursor that covers each exactly once", async () => {
      expect((await put("paged", { name: "Paged" })).status).toBe(201);
      const names = ids("paged", 250);
      expect((await subscribe("paged", names)).json.data.added).toBe(250);
      const first = await subscribers("paged", "?page_size=100");
      expect(first.json.data.subscribers).toHaveLength(100);
      // The users API's own JSON.
      expect(Object.keys(first.json.data.subscribers[0]).sort()).toEqual(
        [
          "chat",
          "created_at",
          "email",
          "has_password",
          "locale",
          "metadata",
          "name",
          "phone",
          "role",
          "timezone",
          "updated_at",
          "user_id",
          "wechat_openid",
        ].sort(),
      );
      const seen = await allSubscribers("paged", 100);
      expect(seen).toHaveLength(250);
      expect(new Set(seen)).toEqual(new Set(names));
      const seen7 = await allSubscribers("paged", 7);
      expect(seen7).toEqual(seen); // one stable order, whatever the page size

      const bad = await subscribers("paged", "?cursor=not-a-cursor");
      expect(bad.status).toBe(400);
      expect(bad.json.errors[0].field).toBe("cursor");
    });

    it("are paged for the engine by internal id, resuming after any id", async () => {
      const [topic] = await db().select().from(topics).where(eq(topics.key, "paged"));
      const all: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await subscriberPage(db(), tenantId, topic!.id, after, 64);
        if (page.length === 0) break;
        all.push(...page);
        after = page[page.length - 1]!;
      }
      expect(all).toHaveLength(250);
      expect(new Set(all).size).toBe(250);
      expect([...all].sort()).toEqual(all);
      // Under another tenant the topic's id finds nothing.
      const [other] = await db().select().from(tenants).where(eq(tenants.slug, "other"));
      expect(await subscriberPage(db(), other!.id, topic!.id, null, 10)).toEqual([]);
    });
  });

  describe("a user's topics", () => {
    it("are listed by key, paginated; an unknown user is 404", async () => {
      for (const k of ["u-b", "u-a", "u-c"]) {
        expect((await put(k, { name: k })).status).toBe(201);
        expect((await subscribe(k, ["uma"])).status).toBe(200);
      }
      const res = await userTopics("uma", "?page_size=2");
      expect(res.status).toBe(200);
      expect(res.json.data).toMatchObject({ total: 3, page: 1, page_size: 2, total_pages: 2 });
      expect(res.json.data.topics.map((x: { key: string }) => x.key)).toEqual(["u-a", "u-b"]);
      expect((await userTopics("uma", "?page=2&page_size=2")).json.data.topics[0].key).toBe("u-c");
      expect((await userTopics("nobody-at-all")).status).toBe(404);
    });

    it("are removed when the user is deleted, and stay gone after a restore", async () => {
      const before = await db()
        .select({ n: count() })
        .from(topicSubscribers)
        .innerJoin(users, eq(users.id, topicSubscribers.userId))
        .where(and(eq(users.externalId, "uma"), eq(users.tenantId, tenantId)));
      expect(before[0]!.n).toBe(3);
      const deleted = await api("DELETE", "/api/v1/users/uma", {
        headers: H,
      });
      expect(deleted.status).toBe(200);
      const after = await db()
        .select({ n: count() })
        .from(topicSubscribers)
        .innerJoin(users, eq(users.id, topicSubscribers.userId))
        .where(and(eq(users.externalId, "uma"), eq(users.tenantId, tenantId)));
      expect(after[0]!.n).toBe(0);
      expect(await allSubscribers("u-a", 10)).toEqual([]);
      const restored = await api("POST", "/api/v1/users/uma/restore", {
        headers: H,
      });
      expect(restored.status).toBe(200);
      expect((await userTopics("uma")).json.data.total).toBe(0);
    });
  });

  describe("access", () => {
    it("another tenant's topic is 404 on every route, and its own namespace is separate", async () => {
      const B = bearer(keyB);
      const before = await rowCount(topicSubscribers);
      expect((await get("project-42", B)).status).toBe(404);
      expect((await del("project-42", B)).status).toBe(404);
      expect((await subscribers("project-42", "", B)).status).toBe(404);
      expect((await subscribe("project-42", ["ann"], B)).status).toBe(404);
      expect((await unsubscribe("project-42", ["cy"], B)).status).toBe(404);
      expect((await list("?q=project", B)).json.data.total).toBe(0);
      expect(await rowCount(topicSubscribers)).toBe(before);
      const own = await put("project-42", { name: "B's own" }, B);
      expect(own.status).toBe(201);
      expect((await get("project-42")).json.data.name).toBe("Project forty-two");
      expect((await get("subs", B)).status).toBe(404);
      expect((await userTopics("cy", "", B)).status).toBe(404);
    });

    it("a topics:read key reads and gets 403 naming topics:write on every write, writing nothing", async () => {
      const reader = await keyWith(["topics:read"]);
      expect((await get("subs", reader)).status).toBe(200);
      expect((await list("", reader)).status).toBe(200);
      expect((await subscribers("subs", "", reader)).status).toBe(200);
      expect((await userTopics("cy", "", reader)).status).toBe(200);
      const [topicsBefore, subsBefore, usersBefore] = [
        await rowCount(topics),
        await rowCount(topicSubscribers),
        await rowCount(users),
      ];
      const writes = [
        await put("reader-made", { name: "No" }, reader),
        await put("subs", { name: "Renamed by a reader" }, reader),
        await del("subs", reader),
        await subscribe("subs", ["reader-added"], reader),
        await unsubscribe("subs", ["cy"], reader),
      ];
      for (const res of writes) {
        expect(res.status).toBe(403);
        expect(res.json.message).toBe("Missing scope: topics:write");
      }
      expect([await rowCount(topics), await rowCount(topicSubscribers), await rowCount(users)]).toEqual([
        topicsBefore,
        subsBefore,
        usersBefore,
      ]);
      expect((await get("subs")).json.data.name).toBe("Subs");

      const writer = await keyWith(["topics:write"]);
      expect((await subscribe("subs", ["writer-added"], writer)).json.data).toEqual({ added: 1, already: 0 });
      expect((await get("subs", writer)).status).toBe(200); // write includes read
      const other = await keyWith(["users:write"]);
      expect((await get("subs", other)).json.message).toBe("Missing scope: topics:read");
    });
  });
});
