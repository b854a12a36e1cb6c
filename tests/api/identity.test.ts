import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mintSubscriberToken } from "@/lib/auth/subscriber-token";
import { bootstrap } from "@/lib/bootstrap";
import { auditLog, tenants, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { api, bearer, ORIGIN, sessionCookie } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const SUPER_KEY = "hk_super_key_for_identity_tests_0123456789";

describe("identity and access", () => {
  let t: TestDatabase;
  let tenantA: string;
  let tenantB: string;
  let keyB: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const boot = await bootstrap(
      t.database.db,
      parseEnv({ NODE_ENV: "test", SEED_DEMO: "true", HERALD_API_KEY: SUPER_KEY }),
    );
    tenantA = boot.tenant.id;
    const created = await api("POST", "/api/v1/tenants", {
      headers: bearer(SUPER_KEY),
      body: { slug: "tenant-b", name: "Tenant B" },
    });
    expect(created.status).toBe(201);
    tenantB = created.json.data.tenant.id;
    keyB = created.json.data.api_key.key;
  });
  afterAll(async () => t.drop());

  const user = (tenantId: string, externalId: string) =>
    t.database.db.query.users.findFirst({
      where: (u, { and, eq }) => and(eq(u.tenantId, tenantId), eq(u.externalId, externalId)),
    });

  const adminSession = async () => {
    const admin = (await user(tenantA, "admin"))!;
    return sessionCookie({ uid: admin.id, tid: tenantA, ext: "admin", role: "admin" });
  };

  describe("credentials", () => {
    it.each([
      ["no header", {}],
      ["an unknown API key", bearer("hk_not_a_real_key_000000000000000000000000")],
      ["a malformed header", { Authorization: "Basic YWxpY2U6cGFzcw==" }],
      ["a bare Bearer", { Authorization: "Bearer" }],
      ["a garbage token", bearer("not-a-jwt")],
      ["a forged session cookie", { Cookie: "authjs.session-token=forged" }],
    ])("%s → 401", async (_label, headers) => {
      const res = await api("GET", "/api/v1/me", { headers });
      expect(res.status).toBe(401);
      expect(res.json).toEqual({ code: 401, message: "Unauthorized", error_code: "unauthorized" });
    });

    it("a session reaches a user-scoped endpoint", async () => {
      const alice = (await user(tenantA, "alice"))!;
      const res = await api("GET", "/api/v1/me", {
        headers: await sessionCookie({ uid: alice.id, tid: tenantA, ext: "alice", role: "user" }),
      });
      expect(res.status).toBe(200);
      expect(res.json.data).toMatchObject({ user_id: "alice", email: "alice@herald.local", role: "user" });
      expect(JSON.stringify(res.json)).not.toMatch(/password_hash|argon2/);
    });

    it("a session signed with another secret is no session", async () => {
      const alice = (await user(tenantA, "alice"))!;
      const headers = await sessionCookie(
        { uid: alice.id, tid: tenantA, ext: "alice", role: "admin" },
        "some-other-secret-0123456789abcdef0123456789",
      );
      expect((await api("GET", "/api/v1/me", { headers })).status).toBe(401);
    });

    it("a subscriber token reaches a user-scoped endpoint, and a new user is created for it", async () => {
      const minted = await api("POST", "/api/v1/users/carol/token", {
        headers: bearer(SUPER_KEY),
        body: { ttl_seconds: 3600 },
      });
      expect(minted.status).toBe(200);
      expect(minted.json).toMatchObject({
        code: 200,
        message: "Success",
        data: { token: expect.any(String) },
      });
      const expires = new Date(minted.json.data.expires_at).getTime();
      expect(Math.abs(expires - (Date.now() + 3600_000))).toBeLessThan(5000);
      const me = await api("GET", "/api/v1/me", { headers: bearer(minted.json.data.token) });
      expect(me.status).toBe(200);
      expect(me.json.data.user_id).toBe("carol");
    });

    it("the token's lifetime defaults to 24 h and is bounded to 30 days", async () => {
      const def = await api("POST", "/api/v1/users/dave/token", {
        headers: bearer(SUPER_KEY),
      });
      expect(Math.abs(new Date(def.json.data.expires_at).getTime() - (Date.now() + 86400_000))).toBeLessThan(
        5000,
      );
      const tooLong = await api("POST", "/api/v1/users/dave/token", {
        headers: bearer(SUPER_KEY),
        body: { ttl_seconds: 31 * 86400 },
      });
      expect(tooLong.status).toBe(400);
      expect(tooLong.json.errors).toEqual([
        { field: "ttl_seconds", message: expect.stringContaining("30 days") },
      ]);
    });

    it("expired, forged and other-tenant tokens → 401", async () => {
      const [a] = await t.database.db.select().from(tenants).where(eq(tenants.id, tenantA));
      const [b] = await t.database.db.select().from(tenants).where(eq(tenants.id, tenantB));
      const expired = await mintSubscriberToken(a!, "alice", -10);
      const good = await mintSubscriberToken(a!, "alice", 600);
      const forged = good.token.slice(0, -4) + (good.token.endsWith("AAAA") ? "BBBB" : "AAAA");
      // Signed with tenant B's secret while claiming tenant A.
      const crossTenant = await mintSubscriberToken(
        { id: tenantA, tokenSecret: b!.tokenSecret },
        "alice",
        600,
      );
      for (const token of [expired.token, forged, crossTenant.token]) {
        expect((await api("GET", "/api/v1/me", { headers: bearer(token) })).status).toBe(401);
      }
      expect((await api("GET", "/api/v1/me", { headers: bearer(good.token) })).status).toBe(200);
    });

    it("an API key acts for a user with X-User-Id, and not without", async () => {
      const as = await api("GET", "/api/v1/me", {
        headers: { ...bearer(SUPER_KEY), "X-User-Id": "bob" },
      });
      expect(as.status).toBe(200);
      expect(as.json.data.user_id).toBe("bob");
      const unknown = await api("GET", "/api/v1/me", {
        headers: { ...bearer(SUPER_KEY), "X-User-Id": "nobody" },
      });
      expect(unknown.status).toBe(404);
      const without = await api("GET", "/api/v1/me", { headers: bearer(SUPER_KEY) });
      expect(without.status).toBe(403);
    });

    it("rotating the tenant secret invalidates every token at once", async () => {
      const [a] = await t.database.db.select().from(tenants).where(eq(tenants.id, tenantA));
      const token = (await mintSubscriberToken(a!, "alice", 600)).token;
      expect((await api("GET", "/api/v1/me", { headers: bearer(token) })).status).toBe(200);
      const rotated = await api("POST", "/api/v1/tenant/rotate-token-secret", {
        headers: bearer(SUPER_KEY),
      });
      expect(rotated.status).toBe(200);
      expect((await api("GET", "/api/v1/me", { headers: bearer(token) })).status).toBe(401);
    });

    it("a deleted user's session and tokens stop working", async () => {
      await api("PUT", "/api/v1/users/erin", {
        headers: bearer(SUPER_KEY),
        body: { name: "Erin" },
      });
      const erin = (await user(tenantA, "erin"))!;
      const cookie = await sessionCookie({ uid: erin.id, tid: tenantA, ext: "erin", role: "user" });
      expect((await api("GET", "/api/v1/me", { headers: cookie })).status).toBe(200);
      await api("DELETE", "/api/v1/users/erin", {
        headers: bearer(SUPER_KEY),
      });
      expect((await api("GET", "/api/v1/me", { headers: cookie })).status).toBe(401);
    });
  });

  describe("API keys", () => {
    it("are shown once, listed without secret, scoped, and revoked at once", async () => {
      const created = await api("POST", "/api/v1/api-keys", {
        headers: bearer(SUPER_KEY),
        body: { name: "reader", scopes: ["notifications:read", "users:impersonate"] },
      });
      expect(created.status).toBe(201);
      const { key, id, prefix } = created.json.data;
      expect(key).toMatch(/^hk_/);
      expect(key.startsWith(prefix)).toBe(true);

      const list = await api("GET", "/api/v1/api-keys", { headers: bearer(SUPER_KEY) });
      expect(list.status).toBe(200);
      const listed = JSON.stringify(list.json);
      expect(listed).toContain(id);
      expect(listed).not.toContain(key);
      expect(listed).not.toMatch(/key_hash|keyHash/);

      // A key without the admin scope cannot manage keys, users' passwords or tenants.
      expect((await api("GET", "/api/v1/api-keys", { headers: bearer(key) })).status).toBe(403);
      const sneaky = await api("PUT", "/api/v1/users/alice", {
        headers: bearer(key),
        body: { role: "admin" },
      });
      expect(sneaky.status).toBe(403);
      expect((await user(tenantA, "alice"))!.role).toBe("user");

      expect(
        (await api("GET", "/api/v1/me", { headers: { ...bearer(key), "X-User-Id": "alice" } })).status,
      ).toBe(200);
      const revoked = await api("DELETE", `/api/v1/api-keys/${id}`, {
        headers: bearer(SUPER_KEY),
      });
      expect(revoked.status).toBe(200);
      expect(revoked.json.data.revoked_at).not.toBeNull();
      expect(
        (await api("GET", "/api/v1/me", { headers: { ...bearer(key), "X-User-Id": "alice" } })).status,
      ).toBe(401);
    });

    it("refuse bad bodies naming the fields", async () => {
      const res = await api("POST", "/api/v1/api-keys", {
        headers: bearer(SUPER_KEY),
        body: { name: "", scopes: ["everything"], color: "red" },
      });
      expect(res.status).toBe(400);
      const fields = res.json.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual(["color", "name", "scopes.0"]);
    });
  });

  describe("users directory", () => {
    it("upserts, reads, lists, searches and soft-deletes", async () => {
      const put = await api("PUT", "/api/v1/users/frank", {
        headers: bearer(SUPER_KEY),
        body: {
          email: "Frank@Example.com",
          phone: "+15551234567",
          name: "Frank",
          locale: "zh-cn",
          timezone: "Asia/Shanghai",
          wechat_openid: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M",
          metadata: { plan: "pro" },
          password: "frank-password",
          role: "admin",
        },
      });
      expect(put.status).toBe(200);
      expect(put.json.data).toMatchObject({
        user_id: "frank",
        email: "frank@example.com",
        locale: "zh-CN",
        role: "admin",
        has_password: true,
        metadata: { plan: "pro" },
      });
      expect(JSON.stringify(put.json)).not.toContain("frank-password");
      expect(JSON.stringify(put.json)).not.toContain("argon2");

      // A partial update keeps the other fields.
      const patch = await api("PUT", "/api/v1/users/frank", {
        headers: bearer(SUPER_KEY),
        body: { name: "Franklin" },
      });
      expect(patch.json.data).toMatchObject({
        name: "Franklin",
        email: "frank@example.com",
        phone: "+15551234567",
      });

      const got = await api("GET", "/api/v1/users/frank", {
        headers: bearer(SUPER_KEY),
      });
      expect(got.json.data.name).toBe("Franklin");

      const search = await api("GET", "/api/v1/users?search=frank&page_size=5", {
        headers: bearer(SUPER_KEY),
      });
      expect(search.status).toBe(200);
      expect(search.json.data).toMatchObject({ total: 1, page: 1, page_size: 5, total_pages: 1 });
      expect(search.json.data.users[0].user_id).toBe("frank");

      const del = await api("DELETE", "/api/v1/users/frank", {
        headers: bearer(SUPER_KEY),
      });
      expect(del.status).toBe(200);
      expect(
        (
          await api("GET", "/api/v1/users/frank", {
            headers: bearer(SUPER_KEY),
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await api("DELETE", "/api/v1/users/frank", {
            headers: bearer(SUPER_KEY),
          })
        ).status,
      ).toBe(404);

      const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.targetId, "frank"));
      expect(audited.map((a) => a.action)).toEqual(["user.saved", "user.saved", "user.deleted"]);
    });

    it("refuses invalid fields, naming each, and writes nothing", async () => {
      const res = await api("PUT", "/api/v1/users/grace", {
        headers: bearer(SUPER_KEY),
        body: {
          email: "not-an-email",
          phone: "555-1234",
          locale: "not a locale!",
          timezone: "Mars/Olympus",
          metadata: "nope",
          password: "short",
          role: "root",
          shoe_size: 42,
        },
      });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe(400);
      const fields = res.json.errors.map((e: { field: string }) => e.field).sort();
      expect(fields).toEqual([
        "email",
        "locale",
        "metadata",
        "password",
        "phone",
        "role",
        "shoe_size",
        "timezone",
      ]);
      expect(await user(tenantA, "grace")).toBeUndefined();
    });

    it("refuses broken requests with the envelope", async () => {
      const headers = { ...bearer(SUPER_KEY), "content-type": "application/json" };
      const badJson = await api("PUT", "/api/v1/users/heidi", {
        headers,
        rawBody: "{nope",
      });
      expect(badJson.status).toBe(400);
      expect(badJson.json).toEqual({ code: 400, message: "Invalid JSON", error_code: "invalid" });
      const huge = await api("PUT", "/api/v1/users/heidi", {
        headers,
        rawBody: JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) }),
      });
      expect(huge.status).toBe(413);
      const badId = await api("GET", "/api/v1/users/a%20b", {
        headers,
      });
      expect(badId.status).toBe(400);
      expect(badId.json.errors[0].field).toBe("user_id");
      const badPage = await api("GET", "/api/v1/users?page_size=101", { headers });
      expect(badPage.status).toBe(400);
      expect(badPage.json.errors[0].field).toBe("page_size");
      expect(await user(tenantA, "heidi")).toBeUndefined();
    });
  });

  describe("tenant isolation", () => {
    it("tenant B's key sees none of tenant A's users, keys or people", async () => {
      const list = await api("GET", "/api/v1/users", { headers: bearer(keyB) });
      expect(list.status).toBe(200);
      expect(list.json.data.total).toBe(0);
      expect(
        (
          await api("GET", "/api/v1/users/alice", {
            headers: bearer(keyB),
          })
        ).status,
      ).toBe(404);
      expect(
        (
          await api("DELETE", "/api/v1/users/alice", {
            headers: bearer(keyB),
          })
        ).status,
      ).toBe(404);
      expect(
        (await api("GET", "/api/v1/me", { headers: { ...bearer(keyB), "X-User-Id": "alice" } })).status,
      ).toBe(404);

      const keysOfB = await api("GET", "/api/v1/api-keys", { headers: bearer(keyB) });
      expect(keysOfB.json.data.api_keys).toHaveLength(1);
      const keysOfA = await api("GET", "/api/v1/api-keys", { headers: bearer(SUPER_KEY) });
      const aKeyId = keysOfA.json.data.api_keys[0].id;
      const steal = await api("DELETE", `/api/v1/api-keys/${aKeyId}`, {
        headers: bearer(keyB),
      });
      expect(steal.status).toBe(404);

      // The same user_id in tenant B is a different person.
      await api("PUT", "/api/v1/users/alice", {
        headers: bearer(keyB),
        body: { name: "Other Alice" },
      });
      const a = await api("GET", "/api/v1/users/alice", {
        headers: bearer(SUPER_KEY),
      });
      expect(a.json.data.name).toBe("Alice Example");
    });

    it("only the super key creates tenants; slugs are unique and validated", async () => {
      expect(
        (
          await api("POST", "/api/v1/tenants", {
            headers: bearer(keyB),
            body: { slug: "c", name: "C" },
          })
        ).status,
      ).toBe(403);
      const dup = await api("POST", "/api/v1/tenants", {
        headers: bearer(SUPER_KEY),
        body: { slug: "tenant-b", name: "Again" },
      });
      expect(dup.status).toBe(409);
      const bad = await api("POST", "/api/v1/tenants", {
        headers: bearer(SUPER_KEY),
        body: { slug: "Bad Slug!", name: "" },
      });
      expect(bad.status).toBe(400);
      expect(bad.json.errors.map((e: { field: string }) => e.field).sort()).toEqual(["name", "slug"]);
      const all = await t.database.db.select().from(tenants);
      expect(all).toHaveLength(2);
    });
  });

  describe("cookie-authenticated writes", () => {
    it("must come from Herald's own origin; bearer calls need no origin", async () => {
      const cookie = await adminSession();
      const path = "/api/v1/tenant/rotate-token-secret";
      expect((await api("POST", path, { headers: cookie })).status).toBe(403);
      expect(
        (
          await api("POST", path, {
            headers: { ...cookie, Origin: "https://evil.example" },
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await api("POST", path, {
            headers: { ...cookie, "Sec-Fetch-Site": "cross-site" },
          })
        ).status,
      ).toBe(403);
      expect((await api("POST", path, { headers: { ...cookie, Origin: ORIGIN } })).status).toBe(200);
      expect(
        (
          await api("POST", path, {
            headers: { ...cookie, "Sec-Fetch-Site": "same-origin" },
          })
        ).status,
      ).toBe(200);
      expect((await api("POST", path, { headers: bearer(SUPER_KEY) })).status).toBe(200);
    });

    it("a user's session is not an admin's", async () => {
      const alice = (await user(tenantA, "alice"))!;
      const cookie = await sessionCookie({ uid: alice.id, tid: tenantA, ext: "alice", role: "user" });
      // Even a forged role claim does not help: the role is read from the database.
      const claimsAdmin = await sessionCookie({ uid: alice.id, tid: tenantA, ext: "alice", role: "admin" });
      for (const headers of [cookie, claimsAdmin]) {
        const res = await api("GET", "/api/v1/api-keys", { headers });
        expect(res.status).toBe(403);
        expect(res.json).toEqual({
          code: 403,
          message: "Only an administrator may do this",
          error_code: "forbidden",
        });
      }
      const users = await api("GET", "/api/v1/users", { headers: await adminSession() });
      expect(users.status).toBe(200);
    });
  });

  it("every response carries X-Request-Id", async () => {
    const res = await api("GET", "/api/v1/me", { headers: { "X-Request-Id": "abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("abc-123");
  });

  it("nothing is half-written when a request fails", async () => {
    const before = await t.database.db.select().from(users);
    await api("PUT", "/api/v1/users/ivan", {
      headers: bearer(keyB),
      body: { name: "Ivan", password: "ivan-password-123" },
    }); // keyB is admin-scoped: allowed
    const denied = await api("POST", "/api/v1/tenants", {
      headers: bearer(keyB),
      body: { slug: "zzz", name: "Z" },
    });
    expect(denied.status).toBe(403);
    const after = await t.database.db.select().from(users);
    expect(after.length).toBe(before.length + 1);
    expect(await t.database.db.select().from(tenants)).toHaveLength(2);
  });
});
