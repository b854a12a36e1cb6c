import { createECDH, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { pushSubscriptions, users } from "@/lib/db/schema";
import { closeProviders, providerFor } from "@/lib/delivery/providers";
import { generateVapidKeys } from "@/lib/push/vapid";
import { env, parseEnv, resetEnv } from "@/lib/env";
import { api, bearer, ORIGIN, sessionCookie } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_push_test_super_key_0123456789abcdef";
const PATH = "/api/v1/push/subscriptions";

/** A subscription as a browser's PushSubscription.toJSON() gives it. */
function browserSubscription(endpoint = `https://push.example.net/send/${randomBytes(12).toString("hex")}`) {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    endpoint,
    expirationTime: null,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
  };
}

describe("Web Push subscriptions", () => {
  let t: TestDatabase;
  let tenantA: string;
  let tenantB: string;
  let keyB: string;
  const as = (user: string, key = KEY) => ({ ...bearer(key), "X-User-Id": user });
  const subscribe = (headers: Record<string, string>, body: unknown) => api("POST", PATH, { headers, body });
  const unsubscribe = (headers: Record<string, string>, endpoint: string) =>
    api("DELETE", PATH, { headers, body: { endpoint } });
  const rowsFor = (endpoint: string) =>
    t.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.endpoint, endpoint));
  const userId = async (tenantId: string, externalId: string) =>
    (
      await t.database.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId)))
    )[0]!.id;

  beforeAll(async () => {
    // The made-up push service these browsers use, accepted as the operator's own.
    process.env.PUSH_HOSTS_ALLOWED = "push.example.net";
    resetEnv();
    t = await createTestDatabase();
    tenantA = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "push-b", name: "Push B" },
    });
    tenantB = b.json.data.tenant.id;
    keyB = b.json.data.api_key.key;
    for (const [user, key] of [
      ["alice", KEY],
      ["bob", KEY],
      ["zed", keyB],
    ] as const) {
      const put = await api("PUT", `/api/v1/users/${user}`, {
        headers: bearer(key),
        body: { name: user },
      });
      expect(put.status).toBe(200);
    }
  });
  afterAll(async () => {
    delete process.env.PUSH_HOSTS_ALLOWED;
    resetEnv();
    await t.drop();
  });

  it("registers a browser's subscription JSON as is (201) and records the user agent", async () => {
    const sub = browserSubscription();
    const res = await subscribe({ ...as("alice"), "User-Agent": "Mozilla/5.0 (X11) Firefox/140.0" }, sub);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      code: 201,
      data: { endpoint: sub.endpoint, user_agent: "Mozilla/5.0 (X11) Firefox/140.0", last_used_at: null },
    });
    const rows = await rowsFor(sub.endpoint);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenantId: tenantA,
      userId: await userId(tenantA, "alice"),
      p256dh: sub.keys.p256dh,
      auth: sub.keys.auth,
    });
  });

  it("works from the inbox with a session or a subscriber token", async () => {
    const alice = await userId(tenantA, "alice");
    const cookie = await sessionCookie({ uid: alice, tid: tenantA, ext: "alice", role: "user" });
    const bySession = await subscribe({ ...cookie, Origin: ORIGIN }, browserSubscription());
    expect(bySession.status).toBe(201);
    const minted = await api("POST", "/api/v1/users/alice/token", {
      headers: bearer(KEY),
    });
    const byToken = await subscribe(bearer(minted.json.data.token), browserSubscription());
    expect(byToken.status).toBe(201);
  });

  it("re-registering the same endpoint updates it (200) without a second row", async () => {
    const first = browserSubscription();
    expect((await subscribe(as("alice"), first)).status).toBe(201);
    const renewed = { ...browserSubscription(first.endpoint) };
    const again = await subscribe({ ...as("alice"), "User-Agent": "Chrome/140" }, renewed);
    expect(again.status).toBe(200);
    expect(again.json.message).toBe("Push subscription updated");
    const rows = await rowsFor(first.endpoint);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      p256dh: renewed.keys.p256dh,
      auth: renewed.keys.auth,
      userAgent: "Chrome/140",
    });
  });

  it("an endpoint registered by another user of the tenant moves to them", async () => {
    const sub = browserSubscription();
    expect((await subscribe(as("alice"), sub)).status).toBe(201);
    const moved = await subscribe(as("bob"), sub);
    expect(moved.status).toBe(200);
    const rows = await rowsFor(sub.endpoint);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userId).toBe(await userId(tenantA, "bob"));
    // Alice no longer owns it: she cannot remove it, Bob can.
    expect((await unsubscribe(as("alice"), sub.endpoint)).status).toBe(404);
    expect((await unsubscribe(as("bob"), sub.endpoint)).status).toBe(200);
    expect(await rowsFor(sub.endpoint)).toHaveLength(0);
  });

  it("only the owner deletes a subscription: another tenant's user gets 404, and unknown endpoints are 404", async () => {
    const sub = browserSubscription();
    expect((await subscribe(as("alice"), sub)).status).toBe(201);
    const foreign = await unsubscribe(as("zed", keyB), sub.endpoint);
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual({
      code: 404,
      message: "Push subscription not found",
      error_code: "not_found",
    });
    expect(await rowsFor(sub.endpoint)).toHaveLength(1);
    expect((await unsubscribe(as("alice"), "https://push.example.net/never-registered")).status).toBe(404);
    const own = await unsubscribe(as("alice"), sub.endpoint);
    expect(own.status).toBe(200);
    expect(own.json).toEqual({ code: 200, message: "Push subscription deleted", data: null });
    expect((await unsubscribe(as("alice"), sub.endpoint)).status).toBe(404);
  });

  it("a browser re-registered under another tenant leaves the first tenant, showing nothing of it", async () => {
    const sub = browserSubscription();
    const inA = await subscribe(as("alice"), sub);
    const inB = await subscribe(as("zed", keyB), sub);
    // From B's side this is a new subscription (201, a new id): A's row does not show through.
    expect(inB.status).toBe(201);
    expect(inB.json.data.id).not.toBe(inA.json.data.id);
    const rows = await rowsFor(sub.endpoint);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tenantId: tenantB, userId: await userId(tenantB, "zed") });
    expect((await unsubscribe(as("alice"), sub.endpoint)).status).toBe(404);
  });

  it("refuses bad subscriptions naming the fields", async () => {
    const good = browserSubscription();
    const cases: [unknown, string[]][] = [
      [{ ...good, endpoint: "http://push.example.net/x" }, ["endpoint"]],
      [{ ...good, endpoint: "not a url" }, ["endpoint"]],
      // Only push services' hosts (and the operator's PUSH_HOSTS_ALLOWED) are sent to.
      [{ ...good, endpoint: "https://evil.example.org/push/1" }, ["endpoint"]],
      [{ ...good, endpoint: "https://127.0.0.1/push/1" }, ["endpoint"]],
      [{ ...good, endpoint: "https://push.example.net.evil.example/x" }, ["endpoint"]],
      [{ ...good, endpoint: "https://user:pw@push.example.net/x" }, ["endpoint"]],
      [{ ...good, keys: { ...good.keys, p256dh: randomBytes(64).toString("base64url") } }, ["keys.p256dh"]],
      // 65 bytes with the right prefix, but not a point on the curve.
      [
        { ...good, keys: { ...good.keys, p256dh: Buffer.alloc(65, 4).toString("base64url") } },
        ["keys.p256dh"],
      ],
      [{ ...good, keys: { ...good.keys, auth: randomBytes(12).toString("base64url") } }, ["keys.auth"]],
      [{ ...good, keys: { ...good.keys, auth: "not base64url!" } }, ["keys.auth"]],
      [{ endpoint: good.endpoint }, ["keys"]],
      [{ ...good, keys: { p256dh: good.keys.p256dh } }, ["keys.auth"]],
      [{ ...good, extra: 1 }, ["extra"]],
      [{}, ["endpoint", "keys"]],
    ];
    for (const [body, fields] of cases) {
      const res = await subscribe(as("alice"), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.errors.map((e: { field: string }) => e.field).sort(), JSON.stringify(body)).toEqual(
        fields,
      );
    }
    expect(await rowsFor(good.endpoint)).toHaveLength(0);
  });

  it("accepts the browsers' push services and the operator's hosts, and nothing else", async () => {
    for (const endpoint of [
      "https://fcm.googleapis.com/fcm/send/abc",
      "https://updates.push.services.mozilla.com/wpush/v2/abc",
      "https://web.push.apple.com/QAbc",
      "https://wns2-par02p.notify.windows.com/w/?token=abc",
    ]) {
      const res = await subscribe(as("bob"), browserSubscription(endpoint));
      expect(res.status, endpoint).toBe(201);
    }
    const refused = await subscribe(as("bob"), browserSubscription("https://push.apple.com.evil.example/x"));
    expect(refused.status).toBe(400);
    expect(refused.json.errors[0].message).toContain("fcm.googleapis.com");
  });

  it("keeps at most 10 subscriptions per user: an 11th replaces the oldest", async () => {
    const carl = "carl";
    await api("PUT", `/api/v1/users/${carl}`, {
      headers: bearer(KEY),
      body: { name: carl },
    });
    const endpoints: string[] = [];
    for (let i = 0; i < 11; i++) {
      const sub = browserSubscription();
      endpoints.push(sub.endpoint);
      expect((await subscribe(as(carl), sub)).status).toBe(201);
    }
    const carlId = await userId(tenantA, carl);
    const rows = await t.database.db
      .select()
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.userId, carlId));
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.endpoint).sort()).toEqual(endpoints.slice(1).sort());
    // Re-registering a kept endpoint adds nothing and evicts nothing.
    expect((await subscribe(as(carl), browserSubscription(endpoints[5]))).status).toBe(200);
    expect(
      await t.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, carlId)),
    ).toHaveLength(10);
  });

  it("acts for one user: 401 without credentials, 403 for an API key without X-User-Id", async () => {
    expect((await subscribe({}, browserSubscription())).status).toBe(401);
    expect((await subscribe(bearer(KEY), browserSubscription())).status).toBe(403);
    expect((await unsubscribe(bearer(KEY), "https://push.example.net/x")).status).toBe(403);
  });
});

describe("the VAPID public key", () => {
  const saved = { ...process.env };
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "herald-vapid-"));
  });
  afterEach(async () => {
    for (const k of ["NODE_ENV", "DATA_DIR", "VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "METRICS_PUBLIC"]) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    resetEnv();
    await closeProviders();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const getKey = () => api("GET", "/api/v1/push/vapid-public-key");

  it("outside production without keys: generates a pair once, keeps it in DATA_DIR and hands it to the push provider", async () => {
    process.env.DATA_DIR = dir;
    delete process.env.VAPID_PUBLIC_KEY;
    delete process.env.VAPID_PRIVATE_KEY;
    resetEnv();
    const first = await getKey();
    expect(first.status).toBe(200);
    const publicKey = first.json.data.public_key as string;
    expect(Buffer.from(publicKey, "base64url")).toHaveLength(65);
    const file = path.join(dir, "vapid-keys.json");
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).publicKey).toBe(publicKey);
    // Handed to env(), not written into process.env.
    expect(env().VAPID_PUBLIC_KEY).toBe(publicKey);
    expect(process.env.VAPID_PUBLIC_KEY).toBeUndefined();
    // The provider now signs with the same pair the browsers subscribe with.
    expect(providerFor("push").name).toBe("webpush");

    // A restart (a fresh environment) reads the same pair back.
    delete process.env.VAPID_PUBLIC_KEY;
    delete process.env.VAPID_PRIVATE_KEY;
    resetEnv();
    const second = await getKey();
    expect(second.json.data.public_key).toBe(publicKey);
  });

  it("answers VAPID_PUBLIC_KEY when it is set", async () => {
    const pair = generateVapidKeys();
    process.env.VAPID_PUBLIC_KEY = pair.publicKey;
    process.env.VAPID_PRIVATE_KEY = pair.privateKey;
    resetEnv();
    const res = await getKey();
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ code: 200, message: "Success", data: { public_key: pair.publicKey } });
  });

  it("is 404 in production without keys", async () => {
    (process.env as Record<string, string | undefined>).NODE_ENV = "production";
    // Production refuses to start without a metrics token unless /metrics is public.
    process.env.METRICS_PUBLIC = "true";
    process.env.DATA_DIR = dir;
    delete process.env.VAPID_PUBLIC_KEY;
    delete process.env.VAPID_PRIVATE_KEY;
    resetEnv();
    const res = await getKey();
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ code: 404, message: "Web Push is not configured", error_code: "not_found" });
    expect(process.env.VAPID_PUBLIC_KEY).toBeUndefined();
  });
});
