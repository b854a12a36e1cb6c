import { createServer } from "node:net";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { decryptJson } from "@/lib/crypto/secrets";
import { auditLog, devOutbox, integrations, users } from "@/lib/db/schema";
import { generateVapidKeys } from "@/lib/push/vapid";
import { parseEnv, resetEnv } from "@/lib/env";
import { buildIntegrationProvider } from "@/lib/integrations/provider";
import { defaultIntegration, settingsOf } from "@/lib/integrations/store";
import { api, bearer, ORIGIN, sessionCookie, type CallResult } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startResendStub } from "../stubs/resend-stub";

const KEY = "hk_integrations_test_super_key_0123456789";

/** What the delivery pipeline sends with: the active default, decrypted (lib/delivery/providers.ts). */
async function integrationFor(...args: Parameters<typeof defaultIntegration>) {
  const row = await defaultIntegration(...args);
  return row ? settingsOf(row) : null;
}
const vapid = generateVapidKeys();

// Every secret value used in this file: none may ever appear in a response.
const SECRETS = {
  resend: { api_key: "re_secret_resend_key_0123456789" },
  smtp: { url: "smtps://mailer:smtp-password-0123456789@smtp.example.com:465" },
  twilio: { account_sid: "AC0123456789abcdef0123456789abcdef", auth_token: "twilio-auth-token-0123456789" },
  webpush: { private_key: vapid.privateKey },
  wechat: { app_secret: "wechat-app-secret-0123456789" },
};
const BODIES = {
  resend: {
    channel: "email",
    provider: "resend",
    name: "Resend",
    config: { from: "Herald <notify@example.com>" },
    secrets: SECRETS.resend,
  },
  smtp: {
    channel: "email",
    provider: "smtp",
    name: "Office SMTP",
    config: { from: "notify@example.com" },
    secrets: SECRETS.smtp,
  },
  twilio: {
    channel: "sms",
    provider: "twilio",
    name: "Twilio",
    config: { from: "+15551234567" },
    secrets: SECRETS.twilio,
  },
  webpush: {
    channel: "push",
    provider: "webpush",
    name: "Web Push",
    config: { public_key: vapid.publicKey, subject: "mailto:ops@example.com" },
    secrets: SECRETS.webpush,
  },
  wechat: {
    channel: "wechat",
    provider: "wechat",
    name: "Official Account",
    config: { app_id: "wx0123456789abcdef" },
    secrets: SECRETS.wechat,
  },
  outbox: { channel: "sms", provider: "outbox", name: "SMS outbox" },
} as const;

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("integrations (provider accounts)", () => {
  let t: TestDatabase;
  let tenantA: string;
  let keyB: string;
  const responses: CallResult[] = [];
  const track = async (p: Promise<CallResult>) => {
    const res = await p;
    responses.push(res);
    return res;
  };

  const create = (body: unknown, headers: Record<string, string> = bearer(KEY)) =>
    track(api("POST", "/api/v1/integrations", { headers, body }));
  const list = (qs = "", headers: Record<string, string> = bearer(KEY)) =>
    track(api("GET", `/api/v1/integrations${qs}`, { headers }));
  const get = (id: string, headers: Record<string, string> = bearer(KEY)) =>
    track(api("GET", `/api/v1/integrations/${id}`, { headers }));
  const update = (id: string, body: unknown, headers: Record<string, string> = bearer(KEY)) =>
    track(api("PUT", `/api/v1/integrations/${id}`, { headers, body }));
  const remove = (id: string, headers: Record<string, string> = bearer(KEY)) =>
    track(api("DELETE", `/api/v1/integrations/${id}`, { headers }));
  const test = (id: string, body: unknown, headers: Record<string, string> = bearer(KEY)) =>
    track(api("POST", `/api/v1/integrations/${id}/test`, { headers, body }));
  const row = async (id: string) =>
    (await t.database.db.select().from(integrations).where(eq(integrations.id, id)))[0]!;
  const fieldsOf = (res: CallResult) => res.json.errors.map((e: { field: string }) => e.field).sort();

  beforeAll(async () => {
    // The hosts this file's integrations name: the made-up SMTP server and the local stubs.
    process.env.INTEGRATION_HOSTS_ALLOWED = "smtp.example.com,127.0.0.1";
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
    resetEnv();
    t = await createTestDatabase();
    tenantA = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "integrations-b", name: "Integrations B" },
    });
    keyB = b.json.data.api_key.key;
  });
  afterAll(async () => {
    delete process.env.INTEGRATION_HOSTS_ALLOWED;
    delete process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED;
    resetEnv();
    await t.drop();
  });

  it.each(Object.keys(BODIES) as (keyof typeof BODIES)[])(
    "creates a %s integration, answering secret names only and storing them encrypted",
    async (provider) => {
      const res = await create(BODIES[provider]);
      expect(res.status).toBe(201);
      const secrets = provider === "outbox" ? {} : SECRETS[provider];
      expect(res.json).toMatchObject({
        code: 201,
        message: "Integration created",
        data: {
          id: expect.any(String),
          channel: BODIES[provider].channel,
          provider,
          name: BODIES[provider].name,
          is_active: true,
          is_default: false,
          config: "config" in BODIES[provider] ? BODIES[provider].config : {},
          secrets_set: Object.keys(secrets).sort(),
        },
      });
      expect(res.json.data).not.toHaveProperty("secrets");
      const stored = await row(res.json.data.id);
      if (provider === "outbox") {
        expect(stored.secretsEncrypted).toBeNull();
        return;
      }
      expect(stored.secretsEncrypted).toMatch(/^v1\./);
      for (const value of Object.values(secrets)) expect(stored.secretsEncrypted).not.toContain(value);
      expect(decryptJson(stored.secretsEncrypted!, { context: `integration:${stored.id}` })).toEqual(secrets);
    },
  );

  it("refuses a provider that does not send the channel, and unknown providers, naming the field", async () => {
    const wrongChannel = await create({ ...BODIES.twilio, channel: "email" });
    expect(wrongChannel.status).toBe(400);
    expect(wrongChannel.json.errors).toEqual([
      { field: "channel", message: "must be sms for provider twilio" },
    ]);
    const unknown = await create({ ...BODIES.resend, provider: "mailgun" });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown)).toEqual(["provider"]);
    expect(unknown.json.errors[0].message).toContain(
      "resend, smtp, twilio, webpush, fcm, apns, wechat, slack_bot, outbox",
    );
    const badOutboxChannel = await create({ ...BODIES.outbox, channel: "app" });
    expect(fieldsOf(badOutboxChannel)).toEqual(["channel"]);
  });

  it("refuses missing, malformed and unknown settings and secrets, naming each field", async () => {
    const cases: [unknown, string[]][] = [
      [{ ...BODIES.resend, secrets: {} }, ["secrets.api_key"]],
      [{ ...BODIES.resend, secrets: undefined }, ["secrets"]],
      [{ ...BODIES.resend, config: {} }, ["config.from"]],
      [{ ...BODIES.resend, config: { from: "not an address" } }, ["config.from"]],
      [{ ...BODIES.resend, secrets: { ...SECRETS.resend, extra: "x" } }, ["secrets.extra"]],
      [{ ...BODIES.twilio, secrets: { auth_token: "t" } }, ["secrets.account_sid"]],
      [
        { ...BODIES.twilio, secrets: { account_sid: "nope", auth_token: "" } },
        ["secrets.account_sid", "secrets.auth_token"],
      ],
      [{ ...BODIES.twilio, config: { from: "12345" } }, ["config.from"]],
      [{ ...BODIES.smtp, secrets: { url: "https://smtp.example.com" } }, ["secrets.url"]],
      [
        { ...BODIES.webpush, config: { ...BODIES.webpush.config, subject: "ops@example.com" } },
        ["config.subject"],
      ],
      [{ ...BODIES.webpush, config: { ...BODIES.webpush.config, public_key: "abc" } }, ["config.public_key"]],
      // A valid private key, but not the one the public key belongs to.
      [
        { ...BODIES.webpush, secrets: { private_key: generateVapidKeys().privateKey } },
        ["secrets.private_key"],
      ],
      [{ ...BODIES.wechat, secrets: {} }, ["secrets.app_secret"]],
      [{ ...BODIES.outbox, secrets: { api_key: "x" } }, ["secrets.api_key"]],
      [{ ...BODIES.resend, name: "", is_default: "yes" }, ["is_default", "name"]],
    ];
    for (const [body, fields] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toEqual(fields);
    }
  });

  it("an update keeps the secrets it does not name, merges the ones it does, and checks both", async () => {
    const { id } = (await create({ ...BODIES.twilio, name: "SMS main" })).json.data;
    const renamed = await update(id, { name: "SMS primary", config: { from: "+15557654321" } });
    expect(renamed.status).toBe(200);
    expect(renamed.json.data).toMatchObject({
      name: "SMS primary",
      config: { from: "+15557654321" },
      secrets_set: ["account_sid", "auth_token"],
    });
    const sealed = (await row(id)).secretsEncrypted!;
    expect(decryptJson(sealed, { context: `integration:${id}` })).toEqual(SECRETS.twilio);

    const rotated = await update(id, { secrets: { auth_token: "rotated-token-0123456789" } });
    expect(rotated.status).toBe(200);
    expect(decryptJson((await row(id)).secretsEncrypted!, { context: `integration:${id}` })).toEqual({
      account_sid: SECRETS.twilio.account_sid,
      auth_token: "rotated-token-0123456789",
    });

    const cases: [unknown, string[]][] = [
      [{ config: { from: "not a number" } }, ["config.from"]],
      [{ config: {} }, ["config.from"]],
      [{ secrets: { account_sid: "bad" } }, ["secrets.account_sid"]],
      [{ secrets: { bogus: "x" } }, ["secrets.bogus"]],
      [{ provider: "outbox", channel: "email" }, ["channel", "provider"]],
    ];
    for (const [body, fields] of cases) {
      const res = await update(id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toEqual(fields);
    }
    // Refused updates changed nothing.
    expect((await get(id)).json.data).toMatchObject({
      name: "SMS primary",
      config: { from: "+15557654321" },
    });

    // A web push key pair is checked across config and secrets on update too.
    const push = (await create(BODIES.webpush)).json.data.id;
    const otherPair = generateVapidKeys();
    const halfPair = await update(push, {
      config: { ...BODIES.webpush.config, public_key: otherPair.publicKey },
    });
    expect(fieldsOf(halfPair)).toEqual(["secrets.private_key"]);
    const wholePair = await update(push, {
      config: { ...BODIES.webpush.config, public_key: otherPair.publicKey },
      secrets: { private_key: otherPair.privateKey },
    });
    expect(wholePair.status).toBe(200);
  });

  it("a tenant names only hosts the operator allows (INTEGRATION_HOSTS_ALLOWED), over https", async () => {
    const cases: [unknown, string[]][] = [
      [
        { ...BODIES.resend, config: { ...BODIES.resend.config, base_url: "https://evil.example.org" } },
        ["config.base_url"],
      ],
      [
        { ...BODIES.twilio, config: { ...BODIES.twilio.config, base_url: "https://169.254.169.254" } },
        ["config.base_url"],
      ],
      [
        { ...BODIES.wechat, config: { ...BODIES.wechat.config, base_url: "https://localhost:8443" } },
        ["config.base_url"],
      ],
      [{ ...BODIES.smtp, secrets: { url: "smtp://u:p@10.0.0.5:25" } }, ["secrets.url"]],
    ];
    for (const [body, fields] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res), JSON.stringify(body)).toEqual(fields);
    }
    // The SMTP URL is a secret: a refusal never echoes it.
    const smtp = await create({ ...BODIES.smtp, secrets: { url: "smtp://u:hunter2-secret@10.0.0.5:25" } });
    expect(JSON.stringify(smtp.json)).not.toContain("hunter2-secret");
    // Allowed hosts pass; plain http only for the operator's private hosts (127.0.0.1 here).
    expect((await create(BODIES.smtp)).status).toBe(201);
    const allowed = {
      ...BODIES.resend,
      config: { ...BODIES.resend.config, base_url: "https://127.0.0.1:9" },
    };
    expect((await create(allowed)).status).toBe(201);
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "";
    resetEnv();
    try {
      const http = await create({
        ...BODIES.resend,
        config: { ...BODIES.resend.config, base_url: "http://127.0.0.1:9" },
      });
      expect(http.status).toBe(400);
      expect(http.json.errors).toEqual([{ field: "config.base_url", message: "must be an https URL" }]);
    } finally {
      process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
      resetEnv();
    }
  });

  it("changing an endpoint needs every secret entered again in the same request", async () => {
    const { id } = (
      await create({ ...BODIES.twilio, config: { ...BODIES.twilio.config, base_url: "https://127.0.0.1:1" } })
    ).json.data;
    const moved = await update(id, { config: { ...BODIES.twilio.config, base_url: "https://127.0.0.1:2" } });
    expect(moved.status).toBe(400);
    expect(fieldsOf(moved)).toEqual(["secrets.account_sid", "secrets.auth_token"]);
    const half = await update(id, {
      config: { ...BODIES.twilio.config },
      secrets: { auth_token: "new-token-0123456789" },
    });
    expect(fieldsOf(half)).toEqual(["secrets.account_sid"]);
    expect((await get(id)).json.data.config.base_url).toBe("https://127.0.0.1:1");
    const refused = await update(id, {
      config: { ...BODIES.twilio.config, base_url: "https://evil.example.org" },
      secrets: SECRETS.twilio,
    });
    expect(fieldsOf(refused)).toEqual(["config.base_url"]);
    const whole = await update(id, {
      config: { ...BODIES.twilio.config, base_url: "https://127.0.0.1:2" },
      secrets: SECRETS.twilio,
    });
    expect(whole.status).toBe(200);
    // Other settings change without secrets while the endpoint stays.
    expect((await update(id, { name: "Renamed", config: { ...whole.json.data.config } })).status).toBe(200);
  });

  it("keeps one default per channel, and integrationFor hands the pipeline the active default decrypted", async () => {
    const db = t.database.db;
    // Clean slate for the email channel in this tenant.
    for (const i of (await list("?channel=email")).json.data.integrations) await remove(i.id);
    expect(await integrationFor(db, tenantA, "email")).toBeNull();

    const first = (await create({ ...BODIES.resend, name: "first", is_default: true })).json.data;
    expect(first.is_default).toBe(true);
    const sms = (await create({ ...BODIES.outbox, channel: "sms", name: "sms default", is_default: true }))
      .json.data;
    const second = (await create({ ...BODIES.smtp, name: "second", is_default: true })).json.data;
    expect((await get(first.id)).json.data.is_default).toBe(false);
    expect((await get(sms.id)).json.data.is_default).toBe(true);

    const chosen = await integrationFor(db, tenantA, "email");
    expect(chosen).toMatchObject({
      id: second.id,
      tenantId: tenantA,
      provider: "smtp",
      channel: "email",
      config: BODIES.smtp.config,
      secrets: SECRETS.smtp,
    });
    // The settings build a real provider with the existing adapters.
    expect(buildIntegrationProvider(chosen!).name).toBe("smtp");

    const back = await update(first.id, { is_default: true });
    expect(back.json.data.is_default).toBe(true);
    expect((await get(second.id)).json.data.is_default).toBe(false);
    expect((await integrationFor(db, tenantA, "email"))?.id).toBe(first.id);
    const defaults = await db
      .select()
      .from(integrations)
      .where(
        and(
          eq(integrations.tenantId, tenantA),
          eq(integrations.channel, "email"),
          eq(integrations.isDefault, true),
        ),
      );
    expect(defaults).toHaveLength(1);

    // An inactive default sends nothing: the channel falls back to the environment's provider.
    await update(first.id, { is_active: false });
    expect(await integrationFor(db, tenantA, "email")).toBeNull();
    await update(first.id, { is_active: true });
    expect((await integrationFor(db, tenantA, "email"))?.id).toBe(first.id);

    // The list shows each channel's default first.
    const listed = (await list("?channel=email")).json.data.integrations;
    expect(listed.map((i: { id: string }) => i.id)).toEqual([first.id, second.id]);
    expect((await list("?channel=fax")).status).toBe(400);
  });

  it("soft-deletes: gone from the API and from integrationFor, secrets wiped, the row kept", async () => {
    const { id } = (await create({ ...BODIES.wechat, is_default: true })).json.data;
    expect((await integrationFor(t.database.db, tenantA, "wechat"))?.id).toBe(id);
    const deleted = await remove(id);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ code: 200, message: "Integration deleted", data: null });
    expect((await get(id)).status).toBe(404);
    expect((await update(id, { name: "again" })).status).toBe(404);
    expect((await test(id, { to: "o6_bmjrPTlm6_2sgVt7hMZOPfL2M" })).status).toBe(404);
    expect((await remove(id)).status).toBe(404);
    const ids = (await list()).json.data.integrations.map((i: { id: string }) => i.id);
    expect(ids).not.toContain(id);
    expect(await integrationFor(t.database.db, tenantA, "wechat")).toBeNull();
    const stored = await row(id);
    expect(stored.deletedAt).not.toBeNull();
    expect(stored).toMatchObject({ isDefault: false, secretsEncrypted: null });
  });

  it("records create, update and delete in the audit log without secret values", async () => {
    const { id } = (await create(BODIES.resend)).json.data;
    await update(id, { secrets: { api_key: "re_rotated_secret_key_0123" } });
    await remove(id);
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantA), eq(auditLog.targetId, id)));
    expect(entries.map((e) => e.action).sort()).toEqual([
      "integration.created",
      "integration.deleted",
      "integration.updated",
    ]);
    expect(entries.find((e) => e.action === "integration.updated")?.data).toEqual({
      fields: ["secrets"],
      secrets: ["api_key"],
    });
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain(SECRETS.resend.api_key);
    expect(logged).not.toContain("re_rotated_secret_key_0123");
  });

  it("keeps tenants apart: another tenant's integration is 404 everywhere", async () => {
    const { id } = (await create(BODIES.resend)).json.data;
    expect((await get(id, bearer(keyB))).status).toBe(404);
    expect((await update(id, { name: "mine now" }, bearer(keyB))).status).toBe(404);
    expect((await test(id, { to: "x@example.com" }, bearer(keyB))).status).toBe(404);
    expect((await remove(id, bearer(keyB))).status).toBe(404);
    expect((await list("", bearer(keyB))).json.data.integrations).toEqual([]);
    expect((await get(id)).json.data.name).toBe("Resend");
    // Nor does another tenant's default leak into integrationFor.
    const own = (await create({ ...BODIES.outbox, channel: "push", is_default: true }, bearer(keyB))).json
      .data;
    const [tenantB] = await t.database.db.select().from(integrations).where(eq(integrations.id, own.id));
    expect((await integrationFor(t.database.db, tenantA, "push"))?.id).not.toBe(own.id);
    expect((await integrationFor(t.database.db, tenantB!.tenantId, "push"))?.id).toBe(own.id);
  });

  it("is for admins only: 401 without credentials, 403 for end users and non-admin keys", async () => {
    expect((await list("", {})).status).toBe(401);
    const [alice] = await t.database.db
      .insert(users)
      .values({ tenantId: tenantA, externalId: "alice-int", role: "user" })
      .returning();
    const userCookie = await sessionCookie({ uid: alice!.id, tid: tenantA, ext: "alice-int", role: "user" });
    expect((await list("", userCookie)).status).toBe(403);
    expect((await create(BODIES.resend, { ...userCookie, Origin: ORIGIN })).status).toBe(403);
    const sender = await api("POST", "/api/v1/api-keys", {
      headers: bearer(KEY),
      body: { name: "sender", scopes: ["notifications:send", "notifications:read"] },
    });
    const senderKey = sender.json.data.key as string;
    expect((await list("", bearer(senderKey))).status).toBe(403);
    expect((await create(BODIES.resend, bearer(senderKey))).status).toBe(403);

    // An admin session works (same-origin write).
    await api("PUT", "/api/v1/users/root-int", {
      headers: bearer(KEY),
      body: { role: "admin" },
    });
    const [root] = await t.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenantA), eq(users.externalId, "root-int")));
    const adminCookie = await sessionCookie({ uid: root!.id, tid: tenantA, ext: "root-int", role: "admin" });
    expect(
      (await create({ ...BODIES.outbox, name: "by session" }, { ...adminCookie, Origin: ORIGIN })).status,
    ).toBe(201);
  });

  describe("test send", () => {
    it("through an outbox integration writes a dev outbox row and reports ok", async () => {
      const { id } = (await create({ ...BODIES.outbox, channel: "email", name: "Mail outbox" })).json.data;
      const res = await test(id, { to: "sue@example.com" });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({
        code: 200,
        message: "Test message sent",
        data: { ok: true, provider_message_id: expect.any(String) },
      });
      const [written] = await t.database.db
        .select()
        .from(devOutbox)
        .where(eq(devOutbox.id, res.json.data.provider_message_id));
      expect(written).toMatchObject({
        tenantId: tenantA,
        channel: "email",
        to: "sue@example.com",
        subject: "Herald test message",
      });
      expect(written!.body).toContain("Mail outbox");
    });

    it("through a Resend integration reaches the (stub) API with its own key and sender", async () => {
      const stub = await startResendStub({ apiKey: "re_stub_key_for_test_send" });
      try {
        const { id } = (
          await create({
            ...BODIES.resend,
            config: { from: "Ops <ops@example.com>", base_url: stub.url },
            secrets: { api_key: "re_stub_key_for_test_send" },
          })
        ).json.data;
        const res = await test(id, { to: "sue@example.com", title: "Hello", text: "It works" });
        expect(res.json.data).toEqual({ ok: true, provider_message_id: expect.any(String) });
        expect(stub.emails).toHaveLength(1);
        expect(stub.emails[0]!.body).toMatchObject({
          from: "Ops <ops@example.com>",
          to: "sue@example.com",
          subject: "Hello",
        });
      } finally {
        await stub.close();
      }
    });

    it("through a Resend integration pointed at a dead port reports ok:false as unreachable", async () => {
      const port = await deadPort();
      const { id } = (
        await create({
          ...BODIES.resend,
          config: { from: "notify@example.com", base_url: `http://127.0.0.1:${port}` },
        })
      ).json.data;
      const res = await test(id, { to: "sue@example.com" });
      expect(res.status).toBe(200);
      expect(res.json.message).toBe("Test message failed");
      expect(res.json.data).toEqual({
        ok: false,
        error: "unreachable",
        error_code: "network_error",
        retryable: true,
      });
    });

    it("answers a category, never the provider's own words", async () => {
      const stub = await startResendStub({ apiKey: "re_the_right_key_0123" });
      try {
        const { id } = (
          await create({
            ...BODIES.resend,
            config: { from: "notify@example.com", base_url: stub.url },
            secrets: { api_key: "re_a_wrong_key_0123" },
          })
        ).json.data;
        const res = await test(id, { to: "sue@example.com" });
        expect(res.json.data).toEqual({
          ok: false,
          error: "auth_failed",
          error_code: "unauthorized",
          retryable: false,
        });
        expect(JSON.stringify(res.json)).not.toMatch(/api key|invalid/i);
      } finally {
        await stub.close();
      }
    });

    it("refuses a body without `to`", async () => {
      const { id } = (await create(BODIES.outbox)).json.data;
      const res = await test(id, {});
      expect(res.status).toBe(400);
      expect(fieldsOf(res)).toEqual(["to"]);
    });
  });

  it("never answered a secret value", () => {
    expect(responses.length).toBeGreaterThan(50);
    const all = JSON.stringify(responses.map((r) => r.json));
    for (const secrets of Object.values(SECRETS)) {
      for (const value of Object.values(secrets)) expect(all).not.toContain(value);
    }
    expect(all).not.toContain("rotated-token-0123456789");
    expect(all).not.toContain("secrets_encrypted");
    expect(all).not.toContain("v1.");
  });
});
