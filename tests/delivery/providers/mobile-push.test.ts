// Mobile push: the FCM HTTP v1 and APNs adapters against local stubs that verify their credentials
// and request format, and the push channel reaching a user's browsers and devices at once through
// the pipeline, dropping the tokens the services call gone.
import { createECDH, randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { ManualClock, useClock } from "@/lib/clock";
import { deliveries, deliveryAttempts, devOutbox, pushDevices, users } from "@/lib/db/schema";
import { resetBreakers } from "@/lib/delivery/breakers";
import { processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv, resetEnv } from "@/lib/env";
import { closeIntegrationProviders, testIntegration } from "@/lib/integrations/provider";
import { forgetAllSenders } from "@/lib/integrations/sender-cache";
import { createIntegration } from "@/lib/integrations/store";
import { sendNotifications } from "@/lib/notifications/send";
import { createApnsProvider } from "@/lib/providers/apns";
import { createFcmProvider } from "@/lib/providers/fcm";
import type { Provider } from "@/lib/providers/types";
import { saveDevice } from "@/lib/push/devices";
import { saveSubscription } from "@/lib/push/subscriptions";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { ensureTenant } from "@/lib/tenants/tenants";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { createTestDatabase, type TestDatabase } from "../../helpers/db";
import { messageFor, sendError } from "../../stubs/messages";
import { startApnsStub, startFcmStub } from "../../stubs/mobile-push-stubs";

const SYSTEM = { type: "system" as const, id: null };
const ENV_KEYS = [
  "FCM_API_BASE_URL",
  "FCM_TOKEN_URL",
  "APNS_BASE_URL",
  "APNS_CA_FILE",
  "PUSH_HOSTS_ALLOWED",
  "NODE_ENV",
  "METRICS_PUBLIC",
];

let fcm: Awaited<ReturnType<typeof startFcmStub>>;
let apns: Awaited<ReturnType<typeof startApnsStub>>;
const saved: Record<string, string | undefined> = {};

beforeAll(async () => {
  [fcm, apns] = await Promise.all([startFcmStub(), startApnsStub()]);
  for (const k of ENV_KEYS) saved[k] = process.env[k];
  process.env.FCM_API_BASE_URL = fcm.origin;
  process.env.FCM_TOKEN_URL = fcm.tokenUrl;
  process.env.APNS_BASE_URL = apns.origin;
  process.env.APNS_CA_FILE = apns.caFile;
  // The browsers of this file subscribe with a made-up push service the operator accepts.
  process.env.PUSH_HOSTS_ALLOWED = "push.example.net";
  resetEnv();
});
afterAll(async () => {
  await Promise.all([fcm.close(), apns.close(), closeProviders(), closeIntegrationProviders()]);
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnv();
});

describe("FCM HTTP v1 provider against a local FCM", () => {
  let provider: Provider;
  beforeEach(() => {
    provider = createFcmProvider({
      serviceAccount: fcm.serviceAccount,
      projectId: fcm.serviceAccount.project_id,
      baseUrl: fcm.origin,
      tokenUrl: fcm.tokenUrl,
    });
    fcm.state.received.length = 0;
    fcm.state.tokenRequests = 0;
    fcm.state.failures.clear();
  });

  it("sends the notification to the device with a token from the service account's signed assertion", async () => {
    const token = fcm.deviceToken();
    const message = messageFor("push", {
      to: token,
      title: "New comment",
      text: "Alice: looks good",
      actionUrl: "https://app.example/c/9",
    });
    const result = await provider.send(message);
    expect(fcm.state.received).toEqual([
      {
        token,
        project: "herald-test-1234",
        notification: { title: "New comment", body: "Alice: looks good" },
        data: { delivery_id: message.deliveryId, url: "https://app.example/c/9" },
      },
    ]);
    expect(result.providerMessageId).toMatch(/^projects\/herald-test-1234\/messages\//);
    // The stub verified the RS256 signature against the service account's public key.
    expect(fcm.state.assertions.at(-1)).toMatchObject({
      iss: fcm.serviceAccount.client_email,
      aud: fcm.tokenUrl,
      scope: "https://www.googleapis.com/auth/firebase.messaging",
    });
  });

  it("fetches one access token for many sends, and a new one only near its expiry", async () => {
    const clock = new ManualClock();
    const previous = useClock(clock);
    fcm.state.now = () => clock.now();
    try {
      for (let i = 0; i < 3; i++) await provider.send(messageFor("push", { to: fcm.deviceToken() }));
      expect(fcm.state.tokenRequests).toBe(1);
      // expires_in is 3599 s; within five minutes of it the token is renewed before sending.
      clock.advance(3599_000 - 200_000);
      await provider.send(messageFor("push", { to: fcm.deviceToken() }));
      expect(fcm.state.tokenRequests).toBe(2);
      expect(fcm.state.received).toHaveLength(4);
    } finally {
      useClock(previous);
      fcm.state.now = () => new Date();
    }
  });

  it("a token FCM stopped accepting (401) is fetched again once", async () => {
    await provider.send(messageFor("push", { to: fcm.deviceToken() }));
    fcm.state.tokens.clear();
    await provider.send(messageFor("push", { to: fcm.deviceToken() }));
    expect(fcm.state.tokenRequests).toBe(2);
    expect(fcm.state.received).toHaveLength(2);
  });

  it("UNREGISTERED and a malformed token mean the device is gone; 429 and 503 are retryable", async () => {
    const gone = fcm.deviceToken();
    fcm.state.unregistered.add(gone);
    expect(await sendError(provider.send(messageFor("push", { to: gone })))).toMatchObject({
      retryable: false,
      code: "device_gone",
    });
    expect(await sendError(provider.send(messageFor("push", { to: "not-a-token" })))).toMatchObject({
      retryable: false,
      code: "device_gone",
    });
    fcm.state.failures.add({
      status: 429,
      headers: { "retry-after": "7" },
      body: {
        error: { code: 429, status: "RESOURCE_EXHAUSTED", details: [{ errorCode: "QUOTA_EXCEEDED" }] },
      },
    });
    fcm.state.failures.add({ status: 503, body: { error: { code: 503, status: "UNAVAILABLE" } } });
    expect(await sendError(provider.send(messageFor("push", { to: fcm.deviceToken() })))).toMatchObject({
      retryable: true,
      code: "rate_limited",
      retryAfterMs: 7000,
    });
    expect(await sendError(provider.send(messageFor("push", { to: fcm.deviceToken() })))).toMatchObject({
      retryable: true,
      code: "provider_unavailable",
    });
  });

  it("a service account whose key the token endpoint does not accept fails at once", async () => {
    const other = await startFcmStub();
    try {
      const bad = createFcmProvider({
        serviceAccount: { ...fcm.serviceAccount, private_key: other.serviceAccount.private_key },
        projectId: "herald-test-1234",
        baseUrl: fcm.origin,
        tokenUrl: fcm.tokenUrl,
      });
      expect(await sendError(bad.send(messageFor("push", { to: fcm.deviceToken() })))).toMatchObject({
        retryable: false,
        code: "misconfigured",
      });
    } finally {
      await other.close();
    }
  });
});

describe("APNs provider against a local HTTP/2 APNs", () => {
  let provider: Provider;
  const config = () => ({
    privateKey: apns.p8,
    keyId: apns.keyId,
    teamId: apns.teamId,
    topic: "com.example.herald",
    baseUrl: apns.origin,
    ca: apns.ca,
  });
  beforeEach(async () => {
    await provider?.close?.();
    provider = createApnsProvider(config());
    apns.state.received.length = 0;
    apns.state.jwts.length = 0;
    apns.state.failures.clear();
  });
  afterAll(async () => {
    await provider?.close?.();
  });

  it("sends an alert to the device with an ES256 provider token, topic and push type", async () => {
    const token = apns.deviceToken();
    const message = messageFor("push", {
      to: token,
      title: "Build failed",
      text: "main #418",
      actionUrl: "https://ci.example/418",
    });
    const result = await provider.send(message);
    expect(apns.state.received).toHaveLength(1);
    const [push] = apns.state.received;
    expect(push).toMatchObject({
      token,
      headers: { topic: "com.example.herald", pushType: "alert", priority: "10", id: message.deliveryId },
      payload: {
        aps: { alert: { title: "Build failed", body: "main #418" } },
        url: "https://ci.example/418",
        delivery_id: message.deliveryId,
      },
    });
    expect(Number(push!.headers.expiration)).toBeGreaterThan(Date.now() / 1000);
    expect(result.providerMessageId).toBe(message.deliveryId);
  });

  it("reuses one HTTP/2 connection and one provider token for many sends", async () => {
    for (let i = 0; i < 3; i++) await provider.send(messageFor("push", { to: apns.deviceToken() }));
    expect(apns.state.received).toHaveLength(3);
    expect(new Set(apns.state.jwts).size).toBe(1);
    expect(apns.connections()).toBe(1);
  });

  it("a device's own app id is the topic", async () => {
    apns.state.topics.add("com.example.other");
    await provider.send({ ...messageFor("push", { to: apns.deviceToken() }), appId: "com.example.other" });
    expect(apns.state.received[0]!.headers.topic).toBe("com.example.other");
  });

  it("410 Unregistered and 400 BadDeviceToken mean the device is gone; a wrong key is unauthorized", async () => {
    const gone = apns.deviceToken();
    apns.state.unregistered.add(gone);
    expect(await sendError(provider.send(messageFor("push", { to: gone })))).toMatchObject({
      retryable: false,
      code: "device_gone",
    });
    expect(await sendError(provider.send(messageFor("push", { to: "abc123" })))).toMatchObject({
      retryable: false,
      code: "device_gone",
    });
    const wrong = createApnsProvider({ ...config(), keyId: "ZZZ999ZZZZ" });
    try {
      expect(await sendError(wrong.send(messageFor("push", { to: apns.deviceToken() })))).toMatchObject({
        retryable: false,
        code: "unauthorized",
      });
    } finally {
      await wrong.close?.();
    }
  });

  it("503 and 429 are retryable", async () => {
    apns.state.failures.add({ status: 503, body: { reason: "ServiceUnavailable" } });
    apns.state.failures.add({ status: 429, body: { reason: "TooManyRequests" } });
    for (const code of ["provider_unavailable", "rate_limited"])
      expect(await sendError(provider.send(messageFor("push", { to: apns.deviceToken() })))).toMatchObject({
        retryable: true,
        code,
      });
  });
});

/** A subscription as a browser's PushSubscription.toJSON() gives it. */
function browserSubscription() {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    endpoint: `https://push.example.net/send/${randomBytes(12).toString("hex")}`,
    keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
  };
}

describe("the push channel reaches a user's browsers and mobile devices (pipeline → stubs)", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let fcmOnlyTenant: string;
  let fcmIntegration: Awaited<ReturnType<typeof createIntegration>>;
  let apnsIntegration: Awaited<ReturnType<typeof createIntegration>>;
  const db = () => t.database.db;

  beforeAll(async () => {
    resetBreakers();
    t = await createTestDatabase();
    tenantId = (await bootstrap(db(), parseEnv({ NODE_ENV: "test" }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    fcmIntegration = await createIntegration(
      db(),
      tenantId,
      {
        provider: "fcm",
        channel: "push",
        name: "Android",
        is_active: true,
        is_default: false,
        config: {},
        secrets: { service_account: fcm.serviceAccountJson },
      },
      SYSTEM,
    );
    apnsIntegration = await createIntegration(
      db(),
      tenantId,
      {
        provider: "apns",
        channel: "push",
        name: "iOS",
        is_active: true,
        is_default: false,
        config: { key_id: apns.keyId, team_id: apns.teamId, bundle_id: "com.example.herald" },
        secrets: { private_key: apns.p8 },
      },
      SYSTEM,
    );
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await Promise.all([closeProviders(), closeIntegrationProviders()]);
    forgetAllSenders();
  });
  beforeEach(() => {
    fcm.state.received.length = 0;
    apns.state.received.length = 0;
  });

  const userOf = async (tenant: string, externalId: string) => {
    await upsertUser(db(), tenant, { externalId, name: externalId });
    const [u] = await db()
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenant), eq(users.externalId, externalId)));
    return { tenantId: tenant, userId: u!.id };
  };
  const device = async (owner: { tenantId: string; userId: string }, platform: "fcm" | "apns") => {
    const token = platform === "fcm" ? fcm.deviceToken() : apns.deviceToken();
    const { device: row } = await saveDevice(db(), owner, { platform, token });
    return row;
  };
  /** One push notification to the user, run through the pipeline once. */
  const deliverPush = async (tenant: string, externalId: string) => {
    const sent = await sendNotifications(
      db(),
      { tenantId: tenant, apiKeyId: null },
      {
        user_ids: [externalId],
        title: "Your order shipped",
        content: "It arrives on Tuesday.",
        type: "info",
        priority: "normal",
        channels: ["push"],
        metadata: { action_url: "https://shop.example/orders/7" },
      },
    );
    const [d] = await db()
      .select()
      .from(deliveries)
      .where(eq(deliveries.notificationId, sent.notifications![0]!.id));
    const status = await processDelivery(db(), d!.id);
    const [row] = await db().select().from(deliveries).where(eq(deliveries.id, d!.id));
    const attempts = await db().select().from(deliveryAttempts).where(eq(deliveryAttempts.deliveryId, d!.id));
    return { status, row: row!, attempts };
  };
  const devicesOf = (userId: string) => db().select().from(pushDevices).where(eq(pushDevices.userId, userId));

  it("one delivery reaches the user's Android and iPhone, each through its platform's integration", async () => {
    const ana = await userOf(tenantId, "ana");
    const android = await device(ana, "fcm");
    const iphone = await device(ana, "apns");
    const { status, row, attempts } = await deliverPush(tenantId, "ana");
    expect(status).toBe("sent");
    expect(row.destination).toBe("push");
    expect(fcm.state.received).toHaveLength(1);
    expect(fcm.state.received[0]).toMatchObject({
      token: android.token,
      notification: { title: "Your order shipped", body: "It arrives on Tuesday." },
      data: { delivery_id: row.id, url: "https://shop.example/orders/7" },
    });
    expect(apns.state.received).toHaveLength(1);
    expect(apns.state.received[0]).toMatchObject({
      token: iphone.token,
      headers: { topic: "com.example.herald", pushType: "alert" },
      payload: { aps: { alert: { title: "Your order shipped", body: "It arrives on Tuesday." } } },
    });
    expect(attempts.map((a) => [a.provider, a.outcome]).sort()).toEqual([
      ["apns", "sent"],
      ["fcm", "sent"],
    ]);
  });

  it("a browser and a phone of one user both receive: Web Push through the chain, FCM beside it", async () => {
    const bo = await userOf(tenantId, "bo");
    const sub = browserSubscription();
    await saveSubscription(db(), bo, { ...sub, expirationTime: null }, "Firefox");
    const phone = await device(bo, "fcm");
    const { status, row, attempts } = await deliverPush(tenantId, "bo");
    expect(status).toBe("sent");
    // The chain's provider here is the dev outbox standing in for Web Push (no VAPID keys in tests).
    expect(row.provider).toBe("outbox");
    const outbox = await db().select().from(devOutbox).where(eq(devOutbox.deliveryId, row.id));
    expect(outbox).toHaveLength(1);
    expect(JSON.parse(outbox[0]!.to!)).toMatchObject({ endpoint: sub.endpoint });
    expect(fcm.state.received.map((r) => r.token)).toEqual([phone.token]);
    expect(attempts.map((a) => [a.provider, a.outcome]).sort()).toEqual([
      ["fcm", "sent"],
      ["outbox", "sent"],
    ]);
  });

  it("UNREGISTERED (FCM) and 410 Unregistered (APNs) delete the device; the others still receive", async () => {
    const cy = await userOf(tenantId, "cy");
    const goneAndroid = await device(cy, "fcm");
    const goneIphone = await device(cy, "apns");
    const liveAndroid = await device(cy, "fcm");
    fcm.state.unregistered.add(goneAndroid.token);
    apns.state.unregistered.add(goneIphone.token);
    const { status, attempts } = await deliverPush(tenantId, "cy");
    expect(status).toBe("sent");
    expect(fcm.state.received.map((r) => r.token)).toEqual([liveAndroid.token]);
    expect((await devicesOf(cy.userId)).map((d) => d.id)).toEqual([liveAndroid.id]);
    // APNs reached none of its targets: its attempt row says so while the delivery went out.
    expect(attempts.find((a) => a.provider === "apns")).toMatchObject({
      outcome: "failed",
      errorCode: "device_gone",
    });
  });

  it("every device gone: the delivery fails, the devices are deleted", async () => {
    const dee = await userOf(tenantId, "dee");
    const only = await device(dee, "apns");
    apns.state.unregistered.add(only.token);
    const { status, row } = await deliverPush(tenantId, "dee");
    expect(status).toBe("failed");
    expect(row.reason).toBe("device_gone");
    expect(await devicesOf(dee.userId)).toHaveLength(0);
  });

  it("the console's test send reaches a device token through each integration", async () => {
    const android = fcm.deviceToken();
    const iphone = apns.deviceToken();
    expect(await testIntegration(fcmIntegration, { to: android })).toMatchObject({ ok: true });
    expect(await testIntegration(apnsIntegration, { to: iphone })).toMatchObject({ ok: true });
    expect(fcm.state.received.map((r) => r.token)).toEqual([android]);
    expect(apns.state.received.map((r) => r.token)).toEqual([iphone]);
    apns.state.unregistered.add(iphone);
    expect(await testIntegration(apnsIntegration, { to: iphone })).toMatchObject({
      ok: false,
      error: "rejected",
      error_code: "device_gone",
    });
  });

  it("a device gone and another one's service down: the gone one is deleted, the delivery retried", async () => {
    const hal = await userOf(tenantId, "hal");
    const iphone = await device(hal, "apns");
    const android = await device(hal, "fcm");
    apns.state.unregistered.add(iphone.token);
    fcm.state.failures.add({ status: 503, body: { error: { code: 503, status: "UNAVAILABLE" } } });
    const first = await deliverPush(tenantId, "hal");
    expect(first.status).toBe("queued");
    expect(first.row.reason).toBe("provider_unavailable");
    expect((await devicesOf(hal.userId)).map((d) => d.id)).toEqual([android.id]);
    // The retry reaches the Android phone.
    expect(await processDelivery(db(), first.row.id)).toBe("sent");
    expect(fcm.state.received.map((r) => r.token)).toEqual([android.token]);
  });

  describe("a tenant with only an fcm integration, in production (no Web Push provider may send)", () => {
    beforeAll(async () => {
      fcmOnlyTenant = (await ensureTenant(db(), "fcm-only", "FCM only")).id;
      await createIntegration(
        db(),
        fcmOnlyTenant,
        {
          provider: "fcm",
          channel: "push",
          name: "Android",
          is_active: true,
          is_default: false,
          config: {},
          secrets: { service_account: fcm.serviceAccountJson },
        },
        SYSTEM,
      );
      (process.env as Record<string, string>).NODE_ENV = "production";
      process.env.METRICS_PUBLIC = "true";
      resetEnv();
      forgetAllSenders();
    });
    afterAll(() => {
      const env = process.env as Record<string, string | undefined>;
      if (saved.NODE_ENV === undefined) delete env.NODE_ENV;
      else env.NODE_ENV = saved.NODE_ENV;
      delete env.METRICS_PUBLIC;
      resetEnv();
    });

    it("its Android devices receive; its iPhones are skipped, saying why", async () => {
      const eve = await userOf(fcmOnlyTenant, "eve");
      const android = await device(eve, "fcm");
      await device(eve, "apns");
      const { status, row, attempts } = await deliverPush(fcmOnlyTenant, "eve");
      expect(status).toBe("sent");
      expect(row).toMatchObject({ provider: "fcm" });
      expect(fcm.state.received.map((r) => r.token)).toEqual([android.token]);
      expect(apns.state.received).toHaveLength(0);
      expect(attempts.find((a) => a.outcome === "skipped")).toMatchObject({
        provider: "apns",
        integrationId: null,
        errorCode: "no_integration",
        errorMessage: expect.stringContaining("No apns integration for this tenant"),
      });
    });

    it("a browser of the user is left out (no_provider) while the phone receives", async () => {
      const fay = await userOf(fcmOnlyTenant, "fay");
      await saveSubscription(db(), fay, { ...browserSubscription(), expirationTime: null }, null);
      const phone = await device(fay, "fcm");
      const { status, attempts } = await deliverPush(fcmOnlyTenant, "fay");
      expect(status).toBe("sent");
      expect(fcm.state.received.map((r) => r.token)).toEqual([phone.token]);
      expect(attempts.find((a) => a.outcome === "skipped")).toMatchObject({ errorCode: "no_provider" });
    });

    it("a user with only iPhones is skipped as no_push_integration", async () => {
      const gus = await userOf(fcmOnlyTenant, "gus");
      await device(gus, "apns");
      const { status, row } = await deliverPush(fcmOnlyTenant, "gus");
      expect(status).toBe("skipped");
      expect(row.reason).toBe("no_push_integration");
    });
  });
});
