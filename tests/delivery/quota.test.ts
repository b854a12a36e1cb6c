// The operator's environment providers (here a Resend stub) send for the default tenant; another
// tenant reaches them only with SHARED_PROVIDERS_FOR_TENANTS, and then within a daily quota per channel.
import { eq, inArray } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries, devOutbox, notifications } from "@/lib/db/schema";
import { processDeliveries, processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv, resetEnv } from "@/lib/env";
import { forgetAllSenders } from "@/lib/integrations/sender-cache";
import { sendNotifications } from "@/lib/notifications/send";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { ensureTenant } from "@/lib/tenants/tenants";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startResendStub } from "../stubs/resend-stub";

const SET_HERE = [
  "RESEND_API_KEY",
  "RESEND_BASE_URL",
  "EMAIL_FROM",
  "SHARED_PROVIDERS_FOR_TENANTS",
  "SHARED_PROVIDER_DAILY_LIMIT",
  "METRICS_PUBLIC",
] as const;

describe("shared environment providers and their daily quota", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let defaultTenant: string;
  let stub: Awaited<ReturnType<typeof startResendStub>>;
  const nodeEnv = process.env.NODE_ENV;

  const setEnv = (vars: Partial<Record<(typeof SET_HERE)[number] | "NODE_ENV", string>>) => {
    Object.assign(process.env, vars);
    resetEnv();
  };

  beforeAll(async () => {
    stub = await startResendStub({ apiKey: "re_operator_key" });
    setEnv({ RESEND_API_KEY: stub.apiKey, RESEND_BASE_URL: stub.url, EMAIL_FROM: "Ops <ops@example.com>" });
    t = await createTestDatabase();
    defaultTenant = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
  });
  afterEach(() => {
    for (const k of ["SHARED_PROVIDERS_FOR_TENANTS", "SHARED_PROVIDER_DAILY_LIMIT", "METRICS_PUBLIC"]) {
      delete process.env[k];
    }
    Object.assign(process.env, { NODE_ENV: nodeEnv });
    resetEnv();
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await Promise.all([stub.close(), closeProviders()]);
    forgetAllSenders();
    for (const k of SET_HERE) delete process.env[k];
    resetEnv();
  });

  /** A tenant with `n` recipients that have an email address. */
  const tenantWith = async (slug: string, n = 1) => {
    const tenant = await ensureTenant(t.database.db, slug, slug);
    const userIds = Array.from({ length: n }, (_, i) => `${slug}-u${i}`);
    for (const id of userIds)
      await upsertUser(t.database.db, tenant.id, { externalId: id, email: `${id}@example.com` });
    return { tenantId: tenant.id, userIds };
  };

  /** One email per recipient, queued (not yet attempted); their delivery ids. */
  const queueEmails = async (tenantId: string, userIds: string[]) => {
    const sent = await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      {
        user_ids: userIds,
        title: "Receipt",
        content: "Thanks for your order.",
        type: "info",
        priority: "normal",
        channels: ["email"],
        metadata: {},
      },
    );
    const rows = await t.database.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
      .where(eq(notifications.batchId, sent.batch_id));
    return rows.map((r) => r.id);
  };

  const rowOf = async (id: string) =>
    (await t.database.db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
  const seenByStub = (id: string) => stub.emails.filter((e) => e.idempotencyKey === id);

  /** One email to the tenant's first recipient, attempted once. */
  const deliverOne = async (tenant: { tenantId: string; userIds: string[] }) => {
    const [id] = await queueEmails(tenant.tenantId, tenant.userIds.slice(0, 1));
    const status = await processDelivery(t.database.db, id!);
    return { id: id!, status, row: await rowOf(id!), stub: seenByStub(id!) };
  };

  it("without sharing another tenant never reaches the operator's provider: the dev outbox stands in", async () => {
    const b = await tenantWith("acme");
    const r = await deliverOne(b);
    expect(r.status).toBe("sent");
    expect(r.stub).toHaveLength(0);
    expect(r.row).toMatchObject({ provider: "outbox", integrationId: null });
    const outbox = await t.database.db.select().from(devOutbox).where(eq(devOutbox.deliveryId, r.id));
    expect(outbox).toHaveLength(1);

    await upsertUser(t.database.db, defaultTenant, { externalId: "ops-u", email: "ops-u@example.com" });
    const own = await deliverOne({ tenantId: defaultTenant, userIds: ["ops-u"] });
    expect(own.status).toBe("sent");
    expect(own.stub).toHaveLength(1);
    expect(own.row.provider).toBe("resend");
  });

  it("in production, without sharing, it fails as no_provider and the default tenant still sends", async () => {
    const b = await tenantWith("prod-co");
    setEnv({ NODE_ENV: "production", METRICS_PUBLIC: "true" });
    const r = await deliverOne(b);
    expect(r.status).toBe("failed");
    expect(r.row).toMatchObject({ status: "failed", reason: "no_provider", attempts: 1 });
    expect(r.row.lastError).toContain("email integration");
    expect(r.stub).toHaveLength(0);
    expect(await t.database.db.select().from(devOutbox).where(eq(devOutbox.deliveryId, r.id))).toHaveLength(
      0,
    );

    await upsertUser(t.database.db, defaultTenant, { externalId: "prod-ops", email: "prod-ops@example.com" });
    const own = await deliverOne({ tenantId: defaultTenant, userIds: ["prod-ops"] });
    expect(own.status).toBe("sent");
    expect(own.stub).toHaveLength(1);
  });

  it("with sharing, the third delivery of a day over a limit of 2 fails as quota_exceeded; the default tenant is unaffected", async () => {
    setEnv({ SHARED_PROVIDERS_FOR_TENANTS: "true", SHARED_PROVIDER_DAILY_LIMIT: "2" });
    const b = await tenantWith("shared-co");
    const first = await deliverOne(b);
    const second = await deliverOne(b);
    const third = await deliverOne(b);
    expect([first.status, second.status, third.status]).toEqual(["sent", "sent", "failed"]);
    expect(first.stub).toHaveLength(1);
    expect(second.stub).toHaveLength(1);
    expect(first.row).toMatchObject({ provider: "resend", integrationId: null });
    expect(third.stub).toHaveLength(0);
    expect(third.row).toMatchObject({ status: "failed", reason: "quota_exceeded", attempts: 1 });
    expect(third.row.lastError).toContain("quota of 2");

    // The quota is per channel and tenant: the default tenant sends past it.
    await upsertUser(t.database.db, defaultTenant, { externalId: "ops-q", email: "ops-q@example.com" });
    for (let i = 0; i < 3; i++) {
      const own = await deliverOne({ tenantId: defaultTenant, userIds: ["ops-q"] });
      expect(own.status).toBe("sent");
      expect(own.stub).toHaveLength(1);
    }
    // …and a second tenant has its own.
    expect((await deliverOne(await tenantWith("shared-other"))).status).toBe("sent");
  });

  it("a retried delivery counts once", async () => {
    setEnv({ SHARED_PROVIDERS_FOR_TENANTS: "true", SHARED_PROVIDER_DAILY_LIMIT: "2" });
    const c = await tenantWith("retry-co");
    stub.failures.add({ status: 500 });
    const flaky = await deliverOne(c);
    expect(flaky.status).toBe("queued");
    expect(await processDelivery(t.database.db, flaky.id)).toBe("sent");
    expect((await rowOf(flaky.id)).attempts).toBe(2);
    // One unit left, not none.
    expect((await deliverOne(c)).status).toBe("sent");
    expect((await deliverOne(c)).row.reason).toBe("quota_exceeded");
  });

  it("is exact when a batch's deliveries take the quota at the same moment", async () => {
    setEnv({ SHARED_PROVIDERS_FOR_TENANTS: "true", SHARED_PROVIDER_DAILY_LIMIT: "3" });
    const d = await tenantWith("burst-co", 8);
    const ids = await queueEmails(d.tenantId, d.userIds);
    const outcomes = await processDeliveries(t.database.db, ids);
    const statuses = outcomes.map((o) => ("status" in o ? o.status : "error"));
    expect(statuses.filter((s) => s === "sent")).toHaveLength(3);
    expect(statuses.filter((s) => s === "failed")).toHaveLength(5);
    const rows = await t.database.db.select().from(deliveries).where(inArray(deliveries.id, ids));
    expect(rows.filter((r) => r.reason === "quota_exceeded")).toHaveLength(5);
    expect(stub.emails.filter((e) => ids.includes(e.idempotencyKey!))).toHaveLength(3);
  });
});
