import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { api, bearer, call, ORIGIN, sessionCookie, apiFetch } from "./helpers/api";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const KEY = "hk_audit_log_test_super_key_0123456789ab";

type Entry = {
  id: number;
  action: string;
  actor: { type: string; id: string | null; label: string | null };
  target_type: string | null;
  target_id: string | null;
  data: Record<string, unknown>;
  created_at: string;
};

describe("GET /api/v1/audit-log", () => {
  let t: TestDatabase;
  let tenantId: string;
  let admin: Record<string, string>;
  let adminId: string;
  let keyId: string;
  let otherKey: string;
  const list = async (qs = "", headers: Record<string, string> = admin) =>
    api("GET", `/api/v1/audit-log${qs}`, { headers });
  const entries = async (qs = ""): Promise<Entry[]> => {
    const res = await list(qs);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    return res.json.data.entries;
  };

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    const [row] = await t.database.db
      .insert(users)
      .values({ tenantId, externalId: "audit-admin", role: "admin", email: "auditor@example.com" })
      .returning();
    adminId = row!.id;
    admin = {
      ...(await sessionCookie({ uid: adminId, tid: tenantId, ext: "audit-admin", role: "admin" })),
      Origin: ORIGIN,
    };

    // What an admin does in a day, through the API, as the console would.
    const post = async (handler: typeof apiFetch, path: string, body: unknown, headers = admin) => {
      const res = await call(handler, "POST", path, { headers, body });
      expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
      return res.json.data;
    };
    await post(apiFetch, "/api/v1/notifications/templates", {
      code: "audit_welcome",
      name: "Welcome",
      title: "Hi {{ name }}",
      content: "Welcome",
    });
    await post(apiFetch, "/api/v1/notifications", {
      user_ids: ["a1", "a2", "a3"],
      title: "Audited send",
      content: "Three recipients, one audit row",
      type: "info",
    });
    const announcement = await post(apiFetch, "/api/v1/announcements", {
      title: "Maintenance",
      content: "Tonight",
    });
    const publish = await api("POST", `/api/v1/announcements/${announcement.id}/publish`, {
      headers: admin,
    });
    expect(publish.status).toBeLessThan(300);
    const key = await post(apiFetch, "/api/v1/api-keys", {
      name: "ci key",
      scopes: ["notifications:send"],
    });
    keyId = key.id;
    // The key sends too: its sends are audited under the key.
    await post(
      apiFetch,
      "/api/v1/notifications",
      { user_ids: ["a1"], title: "Sent by a key", content: "x", type: "info" },
      bearer(key.key),
    );
    const revoke = await api("DELETE", `/api/v1/api-keys/${keyId}`, {
      headers: admin,
    });
    expect(revoke.status).toBe(200);
    await post(apiFetch, "/api/v1/integrations", {
      channel: "sms",
      provider: "outbox",
      name: "SMS outbox",
    });

    // Another tenant's admin activity must not show.
    const other = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "audit-other", name: "Other" },
    });
    otherKey = other.json.data.api_key.key;
    await post(
      apiFetch,
      "/api/v1/notifications",
      { user_ids: ["z"], title: "Other tenant", content: "x", type: "info" },
      bearer(otherKey),
    );
  });
  afterAll(() => t.drop());

  it("lists template changes, sends, announcements, key and integration changes, newest first, by whom", async () => {
    const all = await entries("?page_size=100");
    const actions = all.map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "template.created",
        "notification.sent",
        "announcement.created",
        "announcement.published",
        "api_key.created",
        "api_key.revoked",
        "integration.created",
      ]),
    );
    expect(actions.indexOf("integration.created")).toBeLessThan(actions.indexOf("template.created"));
    const created = all.find((e) => e.action === "api_key.created")!;
    expect(created.actor).toEqual({ type: "user", id: adminId, label: "auditor@example.com" });
    expect(created.target_id).toBe(keyId);

    // One row per send, not per recipient.
    const sends = all.filter((e) => e.action === "notification.sent");
    expect(sends).toHaveLength(2);
    const adminSend = sends.find((e) => e.data.title === "Audited send")!;
    expect(adminSend.data).toMatchObject({ recipients: 3, channels: ["app"] });
    expect(adminSend.actor.type).toBe("user");
    const keySend = sends.find((e) => e.data.title === "Sent by a key")!;
    expect(keySend.actor).toEqual({
      type: "api_key",
      id: keyId,
      label: expect.stringMatching(/^ci key \(hk_/),
    });
    expect(all.some((e) => e.data.title === "Other tenant")).toBe(false);
  });

  it("filters by action (exact or kind.*), actor, target type and time", async () => {
    expect((await entries("?action=api_key.revoked")).map((e) => e.action)).toEqual(["api_key.revoked"]);
    const keyActions = (await entries("?action=api_key.*")).map((e) => e.action).sort();
    expect(keyActions).toEqual(["api_key.created", "api_key.revoked"]);
    const byEmail = await entries("?actor=auditor@example.com");
    expect(byEmail.length).toBeGreaterThanOrEqual(7);
    expect(byEmail.every((e) => e.actor.id === adminId)).toBe(true);
    const byKey = await entries(`?actor=${keyId}`);
    expect(byKey.map((e) => e.action)).toEqual(["notification.sent"]);
    expect((await entries("?actor_type=api_key")).map((e) => e.data.title)).toEqual(["Sent by a key"]);
    expect((await entries("?target_type=announcement")).map((e) => e.action).sort()).toEqual([
      "announcement.created",
      "announcement.published",
    ]);
    expect(await entries(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual(
      [],
    );
    expect(
      (await entries(`?to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&page_size=100`))
        .length,
    ).toBeGreaterThanOrEqual(8);
  });

  it("pages by cursor without repeating or skipping an entry", async () => {
    const all = await entries("?page_size=100");
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?page_size=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...res.json.data.entries.map((e: Entry) => e.id));
      cursor = res.json.data.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect((await list("?cursor=nonsense")).status).toBe(400);
  });

  it("is for admins only", async () => {
    const [plain] = await t.database.db
      .insert(users)
      .values({ tenantId, externalId: "audit-user", role: "user" })
      .returning();
    const cookie = await sessionCookie({ uid: plain!.id, tid: tenantId, ext: "audit-user", role: "user" });
    expect((await list("", cookie)).status).toBe(403);
    expect((await list("", {})).status).toBe(401);
    expect((await list("?action=DROP TABLE")).status).toBe(400);
  });
});
