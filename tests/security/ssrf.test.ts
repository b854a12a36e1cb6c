// Outbound requests to addresses users or tenants supply: every private, loopback, link-local,
// multicast and metadata range is refused (IP literals, a name resolving to one, a redirect to one),
// for push deliveries and for the integrations' test send. Refusals happen before any packet leaves:
// the only servers these tests reach listen on 127.0.0.1.
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries, pushSubscriptions } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { createWebPushProvider } from "@/lib/providers/webpush";
import { generateVapidKeys } from "@/lib/push/vapid";
import { createWeChatProvider } from "@/lib/providers/wechat";
import { parseEnv, resetEnv } from "@/lib/env";
import { guardedFetch, guardedFetchApi, isAddressRefused } from "@/lib/http/outbound";
import { closeIntegrationProviders } from "@/lib/integrations/provider";
import { forgetAllSenders } from "@/lib/integrations/sender-cache";
import { sendNotifications } from "@/lib/notifications/send";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { QUEUES } from "@/server/worker";
import { upsertUser } from "@/lib/users/store";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { listen } from "../stubs/http";
import { messageFor, sendError } from "../stubs/messages";
import { startWebPushStub } from "../stubs/webpush-stub";

const KEY = "hk_ssrf_test_super_key_0123456789abcdef";
const VARS = ["PUSH_HOSTS_ALLOWED", "OUTBOUND_PRIVATE_HOSTS_ALLOWED", "INTEGRATION_HOSTS_ALLOWED"] as const;
const VAPID_VARS = ["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY"] as const;

function setEnv(values: Partial<Record<(typeof VARS)[number], string>>): void {
  for (const k of VARS) {
    if (values[k] === undefined) delete process.env[k];
    else process.env[k] = values[k];
  }
  resetEnv();
}

/** A local HTTP server counting what reaches it; `answer` decides the reply. */
async function countingServer(
  answer: (path: string) => { status: number; headers?: Record<string, string> },
) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? "");
    req.resume();
    const { status, headers } = answer(req.url ?? "");
    res.writeHead(status, { "content-type": "application/json", ...headers }).end("{}");
  });
  const port = await listen(server);
  return {
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const REFUSED = [
  "127.0.0.1",
  "127.45.6.7",
  "10.1.2.3",
  "172.16.0.1",
  "172.31.255.254",
  "192.168.1.1",
  "169.254.169.254",
  "169.254.10.20",
  "100.64.0.1",
  "100.100.100.200",
  "0.0.0.0",
  "224.0.0.1",
  "239.255.255.250",
  "255.255.255.255",
  "[::1]",
  "[::]",
  "[fc00::1]",
  "[fd00:ec2::254]",
  "[fe80::1]",
  "[ff02::1]",
  "[::ffff:127.0.0.1]",
  "[::ffff:169.254.169.254]",
  "[::ffff:10.0.0.1]",
];

afterEach(() => setEnv({}));

describe("the guarded agent", () => {
  it.each(REFUSED)("refuses %s", async (host) => {
    const err = await guardedFetch(`https://${host}:9/`).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isAddressRefused(err), String(err)).toBe(true);
  });

  it("refuses a name that resolves to loopback (localhost), and lets it through once the operator allows it", async () => {
    const server = await countingServer(() => ({ status: 200 }));
    try {
      const err = await guardedFetch(`https://localhost:${server.port}/`).catch((e: unknown) => e);
      expect(isAddressRefused(err)).toBe(true);
      expect(server.hits).toHaveLength(0);
      setEnv({ OUTBOUND_PRIVATE_HOSTS_ALLOWED: "localhost" });
      const res = await guardedFetch(`http://localhost:${server.port}/ok`);
      expect(res.status).toBe(200);
      expect(server.hits).toEqual(["/ok"]);
    } finally {
      await server.close();
    }
  });

  it("refuses a redirect to a private address, even from an allowed host", async () => {
    // localhost is allowed to be private; 127.0.0.1, the redirect's target, is not.
    setEnv({ OUTBOUND_PRIVATE_HOSTS_ALLOWED: "localhost" });
    const target = await countingServer(() => ({ status: 200 }));
    const redirector = await countingServer(() => ({
      status: 302,
      headers: { location: `https://127.0.0.1:${target.port}/inside` },
    }));
    try {
      const err = await guardedFetch(`http://localhost:${redirector.port}/`, { maxRedirects: 3 }).catch(
        (e: unknown) => e,
      );
      expect(isAddressRefused(err)).toBe(true);
      expect(redirector.hits).toEqual(["/"]);
      expect(target.hits).toHaveLength(0);
      // Without following, the 302 is answered as is.
      expect((await guardedFetch(`http://localhost:${redirector.port}/`)).status).toBe(302);
    } finally {
      await Promise.all([target.close(), redirector.close()]);
    }
  });

  it("plain http is only for the operator's private hosts", async () => {
    setEnv({});
    expect(isAddressRefused(await guardedFetch("http://example.com/").catch((e: unknown) => e))).toBe(true);
  });

  it("caps the response size", async () => {
    process.env.OUTBOUND_MAX_RESPONSE_BYTES = "1000";
    setEnv({ OUTBOUND_PRIVATE_HOSTS_ALLOWED: "127.0.0.1" });
    const server = createServer((_req, res) => res.end("x".repeat(5000)));
    const port = await listen(server);
    try {
      const err = (await guardedFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e)) as {
        code?: string;
      };
      expect(err.code).toBe("ERR_RESPONSE_TOO_LARGE");
    } finally {
      delete process.env.OUTBOUND_MAX_RESPONSE_BYTES;
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("push deliveries", () => {
  let stub: Awaited<ReturnType<typeof startWebPushStub>>;
  const vapid = generateVapidKeys();
  beforeAll(async () => {
    stub = await startWebPushStub();
  });
  afterAll(() => stub.close());

  it("an endpoint on an accepted push host that resolves to loopback is refused for good, nothing sent", async () => {
    setEnv({ PUSH_HOSTS_ALLOWED: "localhost" });
    const provider = createWebPushProvider({ ...vapid, subject: "mailto:ops@example.com", ca: stub.ca });
    const { subscription } = stub.createSubscription("localhost");
    const err = await sendError(provider.send(messageFor("push", { to: JSON.stringify(subscription) })));
    expect(err).toMatchObject({ retryable: false, code: "address_refused" });
    expect(stub.received).toHaveLength(0);
    await provider.close?.();
  });

  it.each(["127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "169.254.169.254"])(
    "an endpoint at %s is refused even when PUSH_HOSTS_ALLOWED names it",
    async (host) => {
      setEnv({ PUSH_HOSTS_ALLOWED: host.replace(/^\[|\]$/g, "") });
      const provider = createWebPushProvider({ ...vapid, subject: "mailto:ops@example.com", ca: stub.ca });
      const { subscription } = stub.createSubscription(host);
      const err = await sendError(provider.send(messageFor("push", { to: JSON.stringify(subscription) })));
      expect(err).toMatchObject({ retryable: false, code: "address_refused" });
      await provider.close?.();
    },
  );

  it("a push service redirecting elsewhere is not followed", async () => {
    setEnv({ PUSH_HOSTS_ALLOWED: "localhost", OUTBOUND_PRIVATE_HOSTS_ALLOWED: "localhost" });
    const target = await countingServer(() => ({ status: 201 }));
    stub.redirect(`https://127.0.0.1:${target.port}/inside`);
    try {
      const provider = createWebPushProvider({ ...vapid, subject: "mailto:ops@example.com", ca: stub.ca });
      const { subscription } = stub.createSubscription("localhost");
      const err = await sendError(provider.send(messageFor("push", { to: JSON.stringify(subscription) })));
      expect(err).toMatchObject({ retryable: false, code: "rejected" });
      expect(target.hits).toHaveLength(0);
      await provider.close?.();
    } finally {
      stub.redirect(undefined);
      await target.close();
    }
  });

  it("the allowed configuration still delivers", async () => {
    setEnv({ PUSH_HOSTS_ALLOWED: "localhost", OUTBOUND_PRIVATE_HOSTS_ALLOWED: "localhost" });
    const provider = createWebPushProvider({ ...vapid, subject: "mailto:ops@example.com", ca: stub.ca });
    const { subscription } = stub.createSubscription("localhost");
    await provider.send(messageFor("push", { to: JSON.stringify(subscription) }));
    expect(stub.received).toHaveLength(1);
    await provider.close?.();
  });

  describe("through the pipeline", () => {
    let t: TestDatabase;
    let tenantId: string;
    let boss: Awaited<ReturnType<typeof startQueue>>;
    beforeAll(async () => {
      process.env.VAPID_PUBLIC_KEY = vapid.publicKey;
      process.env.VAPID_PRIVATE_KEY = vapid.privateKey;
      resetEnv();
      t = await createTestDatabase();
      tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" }))).tenant.id;
      boss = await startQueue(t.database, QUEUES);
      setQueue(boss);
    });
    afterAll(async () => {
      for (const k of VAPID_VARS) delete process.env[k];
      resetEnv();
      setQueue(undefined);
      await boss.stop({ graceful: false, timeout: 1000 });
      await closeProviders();
      await t.drop();
    });

    it("a stored subscription whose endpoint resolves to loopback fails at once as address_refused", async () => {
      setEnv({ PUSH_HOSTS_ALLOWED: "localhost" });
      const user = await upsertUser(t.database.db, tenantId, { externalId: "pat" });
      const { subscription } = stub.createSubscription("localhost");
      const [row] = await t.database.db
        .insert(pushSubscriptions)
        .values({
          tenantId,
          userId: user.id,
          endpoint: subscription.endpoint,
          p256dh: subscription.keys.p256dh,
          auth: subscription.keys.auth,
        })
        .returning();
      const sent = await sendNotifications(
        t.database.db,
        { tenantId, apiKeyId: null },
        {
          user_ids: ["pat"],
          title: "Hi",
          content: "Hello",
          type: "info",
          priority: "normal",
          channels: ["push"],
          metadata: {},
        },
      );
      const [d] = await t.database.db
        .select()
        .from(deliveries)
        .where(eq(deliveries.notificationId, sent.notifications![0]!.id));
      expect(await processDelivery(t.database.db, d!.id)).toBe("failed");
      const [after] = await t.database.db.select().from(deliveries).where(eq(deliveries.id, d!.id));
      expect(after).toMatchObject({ status: "failed", reason: "address_refused", attempts: 1 });
      expect(stub.received).toHaveLength(1); // only the earlier test's
      // Refused is not gone: the subscription stays for the operator to look at.
      expect(
        await t.database.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, row!.id)),
      ).toHaveLength(1);
    });
  });
});

describe("the integrations' test send", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }));
  });
  afterAll(async () => {
    await Promise.all([closeProviders(), closeIntegrationProviders()]);
    forgetAllSenders();
    await t.drop();
  });

  const create = async (body: unknown) => {
    const res = await api("POST", "/api/v1/integrations", { headers: bearer(KEY), body });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.data.id as string;
  };
  const testSend = (id: string, to: string) =>
    api("POST", `/api/v1/integrations/${id}/test`, {
      headers: bearer(KEY),
      body: { to },
    });

  const resend = (base_url: string) => ({
    channel: "email",
    provider: "resend",
    name: `Resend ${base_url}`,
    config: { from: "notify@example.com", base_url },
    secrets: { api_key: "re_ssrf_key_0123456789" },
  });
  const twilio = (base_url: string) => ({
    channel: "sms",
    provider: "twilio",
    name: `Twilio ${base_url}`,
    config: { from: "+15551234567", base_url },
    secrets: { account_sid: "AC0123456789abcdef0123456789abcdef", auth_token: "twilio-ssrf-token" },
  });

  it("an allowed host that resolves to a private address is refused for every provider, nothing sent", async () => {
    const server = await countingServer(() => ({ status: 200 }));
    const smtp = createNetServer((socket) => {
      server.hits.push("smtp");
      socket.destroy();
    });
    const smtpPort = await listen(smtp);
    try {
      setEnv({
        INTEGRATION_HOSTS_ALLOWED: "localhost",
        OUTBOUND_PRIVATE_HOSTS_ALLOWED: "somewhere-else.example",
      });
      const base = `https://localhost:${server.port}`;
      const cases: [unknown, string][] = [
        [resend(base), "sue@example.com"],
        [twilio(base), "+15557654321"],
        [
          {
            channel: "email",
            provider: "smtp",
            name: "SMTP localhost",
            config: { from: "notify@example.com" },
            secrets: { url: `smtp://u:p@localhost:${smtpPort}` },
          },
          "sue@example.com",
        ],
      ];
      for (const [body, to] of cases) {
        const res = await testSend(await create(body), to);
        expect(res.status).toBe(200);
        expect(res.json.data, JSON.stringify(body)).toMatchObject({
          ok: false,
          error: "address_refused",
          retryable: false,
        });
      }
      expect(server.hits).toHaveLength(0);
    } finally {
      smtp.close();
      await server.close();
    }
  });

  it("a provider host redirecting to a private address is not followed", async () => {
    setEnv({ INTEGRATION_HOSTS_ALLOWED: "localhost", OUTBOUND_PRIVATE_HOSTS_ALLOWED: "localhost" });
    const target = await countingServer(() => ({ status: 200 }));
    const redirector = await countingServer(() => ({
      status: 302,
      headers: { location: `http://127.0.0.1:${target.port}/latest/meta-data/` },
    }));
    try {
      const base = `http://localhost:${redirector.port}`;
      for (const [body, to] of [
        [resend(base), "sue@example.com"],
        [twilio(base), "+15557654321"],
      ] as const) {
        const res = await testSend(await create(body), to);
        expect(res.json.data, JSON.stringify(body)).toMatchObject({ ok: false, error: "rejected" });
      }
      expect(redirector.hits).toHaveLength(2);
      expect(target.hits).toHaveLength(0);
    } finally {
      await Promise.all([target.close(), redirector.close()]);
    }
  });

  // A WeChat test send needs a template id, which the test endpoint does not take: the provider itself.
  it("WeChat with the guarded fetch refuses a host resolving to loopback, and a redirect", async () => {
    const target = await countingServer(() => ({ status: 200 }));
    const redirector = await countingServer(() => ({
      status: 302,
      headers: { location: `http://127.0.0.1:${target.port}/` },
    }));
    const message = messageFor("wechat", { to: "openid-1", data: { template_id: "t1", data: {} } });
    try {
      setEnv({});
      const refused = createWeChatProvider({
        appId: "wx1",
        appSecret: "s",
        baseUrl: `https://localhost:${target.port}`,
        fetch: guardedFetchApi,
      });
      expect(await sendError(refused.send(message))).toMatchObject({
        retryable: false,
        code: "address_refused",
      });
      setEnv({ OUTBOUND_PRIVATE_HOSTS_ALLOWED: "localhost" });
      const redirected = createWeChatProvider({
        appId: "wx1",
        appSecret: "s",
        baseUrl: `http://localhost:${redirector.port}`,
        fetch: guardedFetchApi,
      });
      expect(await sendError(redirected.send(message))).toMatchObject({ retryable: false, code: "rejected" });
      expect(redirector.hits).toHaveLength(1);
      expect(target.hits).toHaveLength(0);
    } finally {
      await Promise.all([target.close(), redirector.close()]);
    }
  });

  it("an allowed public-looking host is accepted; one off the list is refused naming the field", async () => {
    setEnv({ INTEGRATION_HOSTS_ALLOWED: "*.mail.example.com" });
    await create(resend("https://eu.mail.example.com"));
    const refused = await api("POST", "/api/v1/integrations", {
      headers: bearer(KEY),
      body: resend("https://mail.example.com.evil.example"),
    });
    expect(refused.status).toBe(400);
    expect(refused.json.errors.map((e: { field: string }) => e.field)).toEqual(["config.base_url"]);
  });
});
