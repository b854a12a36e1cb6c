// The pipeline sends with the tenant's default integration when it has one, else the environment's
// provider: two Resend stubs, A (the tenant's integration) and B (RESEND_* in the environment).
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/audit";
import { bootstrap } from "@/lib/bootstrap";
import { rowsOf } from "@/lib/db/client";
import { deliveries, integrations } from "@/lib/db/schema";
import { processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv, resetEnv } from "@/lib/env";
import { closeIntegrationProviders } from "@/lib/integrations/provider";
import { forgetAllSenders, SENDER_TTL_MS } from "@/lib/integrations/sender-cache";
import { createIntegration, deleteIntegration, updateIntegration } from "@/lib/integrations/store";
import { sendNotifications } from "@/lib/notifications/send";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startResendStub } from "../stubs/resend-stub";

const ADMIN: Actor = { type: "system", id: null };

describe("deliveries use the tenant's integration (Resend SDK → local stubs)", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let stubA: Awaited<ReturnType<typeof startResendStub>>;
  let stubB: Awaited<ReturnType<typeof startResendStub>>;

  beforeAll(async () => {
    stubA = await startResendStub({ apiKey: "re_tenant_key_a" });
    stubB = await startResendStub({ apiKey: "re_env_key_b" });
    process.env.RESEND_API_KEY = stubB.apiKey;
    process.env.RESEND_BASE_URL = stubB.url;
    process.env.EMAIL_FROM = "Herald <env@example.com>";
    // The tenant's integration names the local stub: allowed, and let through the outbound guard.
    process.env.INTEGRATION_HOSTS_ALLOWED = "127.0.0.1";
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
    resetEnv();
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await upsertUser(t.database.db, tenantId, { externalId: "ivy", email: "ivy@example.com" });
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await Promise.all([stubA.close(), stubB.close(), closeProviders(), closeIntegrationProviders()]);
    forgetAllSenders();
    for (const k of [
      "RESEND_API_KEY",
      "RESEND_BASE_URL",
      "EMAIL_FROM",
      "INTEGRATION_HOSTS_ALLOWED",
      "OUTBOUND_PRIVATE_HOSTS_ALLOWED",
    ])
      delete process.env[k];
    resetEnv();
  });

  /** One email to ivy, run through the pipeline; where it went and what the row says. */
  const deliverOne = async () => {
    const sent = await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      {
        user_ids: ["ivy"],
        title: "Receipt",
        content: "Thanks for your order.",
        type: "info",
        priority: "normal",
        channels: ["email"],
        metadata: {},
      },
    );
    const [d] = await t.database.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.notificationId, sent.notifications![0]!.id));
    const status = await processDelivery(t.database.db, d!.id);
    const [row] = await t.database.db.select().from(deliveries).where(eq(deliveries.id, d!.id));
    const seenBy = (stub: typeof stubA) => stub.emails.filter((e) => e.idempotencyKey === d!.id);
    return { status, row: row!, a: seenBy(stubA), b: seenBy(stubB) };
  };

  const resendToA = (name = "Stub A") =>
    createIntegration(
      t.database.db,
      tenantId,
      {
        provider: "resend",
        channel: "email",
        name,
        is_active: true,
        is_default: true,
        config: { from: "Tenant <tenant@example.com>", base_url: stubA.url },
        secrets: { api_key: stubA.apiKey },
      },
      ADMIN,
    );

  it("without an integration the environment's provider (stub B) sends", async () => {
    const r = await deliverOne();
    expect(r.status).toBe("sent");
    expect(r.b).toHaveLength(1);
    expect(r.b[0]!.body.from).toBe("Herald <env@example.com>");
    expect(r.a).toHaveLength(0);
    expect(r.row).toMatchObject({ provider: "resend", integrationId: null });
  });

  it("the tenant's default integration (stub A) sends instead; deleting it falls back to the environment", async () => {
    const integration = await resendToA();
    const viaA = await deliverOne();
    expect(viaA.status).toBe("sent");
    expect(viaA.a).toHaveLength(1);
    expect(viaA.a[0]).toMatchObject({
      authorization: `Bearer ${stubA.apiKey}`,
      body: { from: "Tenant <tenant@example.com>", to: "ivy@example.com" },
    });
    expect(viaA.b).toHaveLength(0);
    expect(viaA.row).toMatchObject({ status: "sent", provider: "resend", integrationId: integration.id });

    await deleteIntegration(t.database.db, tenantId, integration.id, ADMIN);
    const viaB = await deliverOne();
    expect(viaB.status).toBe("sent");
    expect(viaB.b).toHaveLength(1);
    expect(viaB.a).toHaveLength(0);
    expect(viaB.row.integrationId).toBeNull();
  });

  it("an update through this process takes effect on the next delivery", async () => {
    const integration = await resendToA("Switching");
    expect((await deliverOne()).a).toHaveLength(1);
    await updateIntegration(
      t.database.db,
      tenantId,
      integration.id,
      {
        config: { from: "Tenant <tenant@example.com>", base_url: stubB.url },
        secrets: { api_key: stubB.apiKey },
      },
      ADMIN,
    );
    const after = await deliverOne();
    expect(after.b).toHaveLength(1);
    expect(after.b[0]!.body.from).toBe("Tenant <tenant@example.com>"); // still the integration, now at B
    expect(after.row.integrationId).toBe(integration.id);

    await updateIntegration(t.database.db, tenantId, integration.id, { is_active: false }, ADMIN);
    const inactive = await deliverOne();
    expect(inactive.b[0]!.body.from).toBe("Herald <env@example.com>");
    expect(inactive.row.integrationId).toBeNull();
  });

  it("a change made by another process is picked up within a few seconds", async () => {
    const integration = await resendToA("Elsewhere");
    expect((await deliverOne()).a).toHaveLength(1);
    // Another node deactivates it: nothing tells this process, its remembered sender expires.
    await t.database.db
      .update(integrations)
      .set({ isActive: false })
      .where(eq(integrations.id, integration.id));
    await new Promise((r) => setTimeout(r, SENDER_TTL_MS + 200));
    const after = await deliverOne();
    expect(after.b).toHaveLength(1);
    expect(after.a).toHaveLength(0);
  });

  it("secrets that no longer decrypt fail the delivery at once, with the reason, and send nothing", async () => {
    const integration = await resendToA("Sealed under the old APP_SECRET");
    const appSecret = process.env.APP_SECRET;
    process.env.APP_SECRET = "another-app-secret-0123456789abcdef0123456789abcdef";
    resetEnv();
    try {
      const r = await deliverOne();
      expect(r.status).toBe("failed");
      expect(r.row).toMatchObject({
        status: "failed",
        attempts: 1,
        reason: "secrets_unreadable",
        provider: "resend",
        integrationId: integration.id,
      });
      expect(r.row.lastError).toContain("Sealed under the old APP_SECRET");
      expect(r.row.lastError).toContain("do not decrypt");
      expect(r.a).toHaveLength(0);
      expect(r.b).toHaveLength(0);
      const retries = rowsOf<{ n: number }>(
        await t.database.db.execute(
          sql`select count(*)::int as n from pgboss.job where singleton_key = ${`${r.row.id}:2`}`,
        ),
      );
      expect(retries[0]!.n).toBe(0); // not retried
    } finally {
      process.env.APP_SECRET = appSecret;
      resetEnv();
    }
  });
});
