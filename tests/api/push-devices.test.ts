// Mobile push through the API: devices registered per user (POST/DELETE /api/v1/push/devices), and
// the tenant's fcm and apns integrations, which send beside the Web Push chain and never join it.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { ManualClock, useClock } from "@/lib/clock";
import { pushDevices, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { api, bearer, ORIGIN, sessionCookie } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_push_devices_test_super_key_0123456789";
const PATH = "/api/v1/push/devices";

const fcmToken = () => `${randomBytes(11).toString("hex")}:APA91b${randomBytes(110).toString("base64url")}`;
const apnsToken = () => randomBytes(32).toString("hex");

function serviceAccount(overrides: Record<string, unknown> = {}) {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return JSON.stringify({
    type: "service_account",
    project_id: "herald-api-test",
    private_key_id: "abc",
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    client_email: "herald@herald-api-test.iam.gserviceaccount.com",
    ...overrides,
  });
}
const p8 = () =>
  generateKeyPairSync("ec", { namedCurve: "prime256v1" })
    .privateKey.export({ type: "pkcs8", format: "pem" })
    .toString();

describe("mobile push devices", () => {
  let t: TestDatabase;
  let tenantA: string;
  let keyB: string;
  const as = (user: string, key = KEY) => ({ ...bearer(key), "X-User-Id": user });
  const register = (headers: Record<string, string>, body: unknown) => api("POST", PATH, { headers, body });
  const remove = (headers: Record<string, string>, body: unknown) => api("DELETE", PATH, { headers, body });
  const rowsFor = (token: string) =>
    t.database.db.select().from(pushDevices).where(eq(pushDevices.token, token));
  const userId = async (tenantId: string, externalId: string) =>
    (
      await t.database.db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId)))
    )[0]!.id;
  const fieldsOf = (res: { json: { errors?: { field: string }[] } }) =>
    res.json.errors?.map((e) => e.field).sort();

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantA = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "devices-b", name: "Devices B" },
    });
    keyB = b.json.data.api_key.key;
    for (const [user, key] of [
      ["alice", KEY],
      ["bob", KEY],
      ["zed", keyB],
    ] as const) {
      expect(
        (await api("PUT", `/api/v1/users/${user}`, { headers: bearer(key), body: { name: user } })).status,
      ).toBe(200);
    }
  });
  afterAll(async () => {
    await t.drop();
  });

  it("registers an FCM and an APNs token (201), and registering again refreshes it (200)", async () => {
    const android = fcmToken();
    const created = await register(as("alice"), {
      platform: "fcm",
      token: android,
      app_id: "com.example.app",
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    expect(created.json).toMatchObject({
      code: 201,
      message: "Push device registered",
      data: { platform: "fcm", token: android, app_id: "com.example.app" },
    });
    const again = await register(as("alice"), { platform: "fcm", token: android });
    expect(again.status).toBe(200);
    expect(again.json.message).toBe("Push device updated");
    const rows = await rowsFor(android);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ tenantId: tenantA, userId: await userId(tenantA, "alice"), appId: null });
    expect(rows[0]!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(rows[0]!.createdAt.getTime());

    // APNs tokens are hex: the same device in upper case is the same row.
    const iphone = apnsToken();
    expect((await register(as("alice"), { platform: "apns", token: iphone.toUpperCase() })).status).toBe(201);
    expect((await register(as("alice"), { platform: "apns", token: iphone })).status).toBe(200);
    expect(await rowsFor(iphone)).toHaveLength(1);
  });

  it("works from the inbox with a session or a subscriber token", async () => {
    const alice = await userId(tenantA, "alice");
    const cookie = await sessionCookie({ uid: alice, tid: tenantA, ext: "alice", role: "user" });
    expect(
      (await register({ ...cookie, Origin: ORIGIN }, { platform: "apns", token: apnsToken() })).status,
    ).toBe(201);
    const minted = await api("POST", "/api/v1/users/alice/token", { headers: bearer(KEY) });
    const byToken = await register(bearer(minted.json.data.token), { platform: "fcm", token: fcmToken() });
    expect(byToken.status).toBe(201);
  });

  it("refuses malformed tokens and bodies naming the field, writing nothing", async () => {
    const before = await t.database.db.select().from(pushDevices);
    const cases: [unknown, string[]][] = [
      [{ platform: "fcm", token: "short:token" }, ["token"]],
      [{ platform: "fcm", token: "a".repeat(160) }, ["token"]],
      [{ platform: "fcm", token: `${"a".repeat(20)}:${"b".repeat(140)}!` }, ["token"]],
      [{ platform: "apns", token: "abc123" }, ["token"]],
      [{ platform: "apns", token: "g".repeat(64) }, ["token"]],
      // A token of the other platform is refused too.
      [{ platform: "apns", token: fcmToken() }, ["token"]],
      [{ platform: "fcm", token: apnsToken() }, ["token"]],
      [{ platform: "web", token: apnsToken() }, ["platform"]],
      [{ token: apnsToken() }, ["platform"]],
      [{ platform: "apns" }, ["token"]],
      [{ platform: "apns", token: apnsToken(), app_id: "not an id!" }, ["app_id"]],
      [{ platform: "apns", token: apnsToken(), extra: 1 }, ["extra"]],
    ];
    for (const [body, fields] of cases) {
      const res = await register(as("alice"), body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toEqual(fields);
    }
    expect(await t.database.db.select().from(pushDevices)).toHaveLength(before.length);
  });

  it("a token registered by another user of the tenant moves to them; only the owner removes it", async () => {
    const token = fcmToken();
    expect((await register(as("alice"), { platform: "fcm", token })).status).toBe(201);
    expect((await register(as("bob"), { platform: "fcm", token })).status).toBe(200);
    expect((await rowsFor(token))[0]!.userId).toBe(await userId(tenantA, "bob"));
    expect((await remove(as("alice"), { platform: "fcm", token })).status).toBe(404);
    // Another tenant's user: the same 404, and the row stays.
    const foreign = await remove(as("zed", keyB), { platform: "fcm", token });
    expect(foreign.status).toBe(404);
    expect(foreign.json).toEqual({ code: 404, message: "Push device not found", error_code: "not_found" });
    expect(await rowsFor(token)).toHaveLength(1);
    const own = await remove(as("bob"), { platform: "fcm", token });
    expect(own.json).toEqual({ code: 200, message: "Push device deleted", data: null });
    expect(await rowsFor(token)).toHaveLength(0);
    expect((await remove(as("bob"), { platform: "fcm", token })).status).toBe(404);
    expect(fieldsOf(await remove(as("bob"), { platform: "apns", token: "xyz" }))).toEqual(["token"]);
  });

  it("the same token in two tenants is two devices, each tenant's own", async () => {
    const token = apnsToken();
    expect((await register(as("alice"), { platform: "apns", token })).status).toBe(201);
    expect((await register(as("zed", keyB), { platform: "apns", token })).status).toBe(201);
    expect((await rowsFor(token)).map((r) => r.tenantId === tenantA).sort()).toEqual([false, true]);
  });

  it("keeps at most 20 devices per user: a 21st replaces the one seen longest ago", async () => {
    expect(
      (await api("PUT", "/api/v1/users/carl", { headers: bearer(KEY), body: { name: "carl" } })).status,
    ).toBe(200);
    const tokens: string[] = [];
    // One second between registrations, so "seen longest ago" is never a tie.
    const clock = new ManualClock();
    const previous = useClock(clock);
    try {
      for (let i = 0; i < 21; i++) {
        const token = apnsToken();
        tokens.push(token);
        expect((await register(as("carl"), { platform: "apns", token })).status).toBe(201);
        clock.advance(1000);
      }
    } finally {
      useClock(previous);
    }
    const carl = await userId(tenantA, "carl");
    const rows = await t.database.db.select().from(pushDevices).where(eq(pushDevices.userId, carl));
    expect(rows.map((r) => r.token).sort()).toEqual(tokens.slice(1).sort());
  });

  it("acts for one user: 401 without credentials, 403 for an API key without X-User-Id", async () => {
    expect((await register({}, { platform: "apns", token: apnsToken() })).status).toBe(401);
    expect((await register(bearer(KEY), { platform: "apns", token: apnsToken() })).status).toBe(403);
    expect((await remove(bearer(KEY), { platform: "apns", token: apnsToken() })).status).toBe(403);
  });

  describe("fcm and apns integrations", () => {
    const create = (body: Record<string, unknown>) =>
      api("POST", "/api/v1/integrations", { headers: bearer(KEY), body: { channel: "push", ...body } });
    const fcmBody = (over: Record<string, unknown> = {}) => ({
      provider: "fcm",
      name: "Android",
      secrets: { service_account: serviceAccount() },
      ...over,
    });
    const apnsBody = (over: Record<string, unknown> = {}) => ({
      provider: "apns",
      name: "iOS",
      config: { key_id: "ABC123DEFG", team_id: "DEF123GHIJ", bundle_id: "com.example.app" },
      secrets: { private_key: p8() },
      ...over,
    });

    it("are created with their secrets sealed, and stay out of the push chain", async () => {
      const account = serviceAccount();
      const f = await create(fcmBody({ secrets: { service_account: account } }));
      expect(f.status, JSON.stringify(f.json)).toBe(201);
      expect(f.json.data).toMatchObject({ provider: "fcm", is_default: false, chain_position: null });
      expect(f.json.data.secrets_set).toEqual(["service_account"]);
      expect(JSON.stringify(f.json)).not.toContain("PRIVATE KEY");
      const a = await create(apnsBody());
      expect(a.status, JSON.stringify(a.json)).toBe(201);
      const chains = await api("GET", "/api/v1/integrations/chains", { headers: bearer(KEY) });
      const push = chains.json.data.chains.find((c: { channel: string }) => c.channel === "push");
      expect(push.members).toEqual([]);
      // Neither may head or join the Web Push chain.
      const asDefault = await api("PUT", `/api/v1/integrations/${f.json.data.id}`, {
        headers: bearer(KEY),
        body: { is_default: true },
      });
      expect(asDefault.status).toBe(400);
      expect(fieldsOf(asDefault)).toEqual(["is_default"]);
      const chained = await api("PUT", "/api/v1/integrations/chains/push", {
        headers: bearer(KEY),
        body: { integration_ids: [a.json.data.id] },
      });
      expect(chained.status).toBe(400);
      expect(fieldsOf(chained)).toEqual(["integration_ids.0"]);
      expect(fieldsOf(await create(apnsBody({ is_default: true })))).toEqual(["is_default"]);
    });

    it("refuse credentials that cannot sign, naming the field", async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [fcmBody({ secrets: { service_account: "{not json" } }), ["secrets.service_account"]],
        [
          fcmBody({ secrets: { service_account: JSON.stringify({ type: "user" }) } }),
          ["secrets.service_account"],
        ],
        [
          fcmBody({ secrets: { service_account: serviceAccount({ private_key: p8() }) } }),
          ["secrets.service_account"],
        ],
        [
          fcmBody({ secrets: { service_account: serviceAccount({ project_id: undefined }) } }),
          ["config.project_id"],
        ],
        [fcmBody({ config: { project_id: "Bad_Project" } }), ["config.project_id"]],
        [fcmBody({ channel: "email" }), ["channel"]],
        [apnsBody({ secrets: { private_key: "not a key" } }), ["secrets.private_key"]],
        [
          apnsBody({
            secrets: {
              private_key: generateKeyPairSync("rsa", { modulusLength: 2048 })
                .privateKey.export({ type: "pkcs8", format: "pem" })
                .toString(),
            },
          }),
          ["secrets.private_key"],
        ],
        [
          apnsBody({ config: { key_id: "short", team_id: "DEF123GHIJ", bundle_id: "com.example.app" } }),
          ["config.key_id"],
        ],
        [
          apnsBody({
            config: {
              key_id: "ABC123DEFG",
              team_id: "DEF123GHIJ",
              bundle_id: "com.example.app",
              environment: "dev",
            },
          }),
          ["config.environment"],
        ],
      ];
      for (const [body, fields] of cases) {
        const res = await create(body);
        expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
        expect(fieldsOf(res), JSON.stringify(body).slice(0, 200)).toEqual(fields);
      }
    });
  });
});
