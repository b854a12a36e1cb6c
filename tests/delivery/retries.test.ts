// Retries and failures through a real provider SDK (Resend) against the local Resend stub.
import { eq, sql } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { rowsOf } from "@/lib/db/client";
import { deliveries, notifications } from "@/lib/db/schema";
import { resetBreakers } from "@/lib/delivery/breakers";
import { LAST_PROVIDER_ATTEMPTS, MAX_ATTEMPTS, processDelivery, retryDelayMs } from "@/lib/delivery/pipeline";
import { parseEnv, resetEnv } from "@/lib/env";
import { closeIntegrationProviders } from "@/lib/integrations/provider";
import { forgetAllSenders } from "@/lib/integrations/sender-cache";
import { createIntegration } from "@/lib/integrations/store";
import type { SendInput } from "@/lib/notifications/schema";
import { sendNotifications } from "@/lib/notifications/send";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startResendStub } from "../stubs/resend-stub";

const ADMIN = { type: "system" as const, id: null };
/** An account of the stub's API that is down: 500 to every request. */
const DOWN_KEY = "re_down_key";
const ENV_KEYS = ["RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM", "PROVIDER_BREAKER_THRESHOLD"];

/** A tenant's Resend integration sending to the stub (RESEND_BASE_URL) with `apiKey`. */
const resendIntegration = (name: string, apiKey: string) => ({
  provider: "resend" as const,
  channel: "email" as const,
  name,
  is_active: true,
  // Each new default goes to the head: created last, first in the chain.
  is_default: true,
  config: { from: "Herald <notify@example.com>" },
  secrets: { api_key: apiKey },
});

describe("delivery retries and failures (Resend SDK → local Resend stub)", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let stub: Awaited<ReturnType<typeof startResendStub>>;

  beforeAll(async () => {
    stub = await startResendStub({ downApiKey: DOWN_KEY });
    process.env.RESEND_API_KEY = stub.apiKey;
    process.env.RESEND_BASE_URL = stub.url;
    process.env.EMAIL_FROM = "Herald <notify@example.com>";
    // The retry budget is under test, not the breaker (failover.test.ts): runs of 500s keep it closed.
    process.env.PROVIDER_BREAKER_THRESHOLD = "100";
    resetEnv();
    resetBreakers();
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test" }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await upsertUser(t.database.db, tenantId, {
      externalId: "sue",
      email: "sue@example.com",
      phone: "+15550002222",
    });
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await Promise.all([stub.close(), closeIntegrationProviders()]);
    for (const k of ENV_KEYS) delete process.env[k];
    resetEnv();
    forgetAllSenders();
    resetBreakers();
  });

  const send = async (channels: SendInput["channels"]) => {
    const sent = await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      {
        user_ids: ["sue"],
        title: "Invoice ready",
        content: "Your invoice for November is ready.",
        type: "info",
        priority: "high",
        channels,
        metadata: {},
      },
    );
    const id = sent.notifications![0]!.id;
    const rows = await t.database.db.select().from(deliveries).where(eq(deliveries.notificationId, id));
    return { id, rows };
  };
  const delivery = async (id: string) =>
    (await t.database.db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
  const nextJobStart = async (deliveryId: string, attempt: number) =>
    rowsOf<{ start_after: string; priority: number }>(
      await t.database.db.execute(
        sql`select start_after, priority from pgboss.job where singleton_key = ${`${deliveryId}:${attempt}`}`,
      ),
    )[0];

  it("a 429 storm with Retry-After backs off, then delivers once, with the delivery id as idempotency key", async () => {
    const { rows } = await send(["app", "email"]);
    const d = rows[0]!;
    stub.failures.add({ status: 429, headers: { "Retry-After": "3" } }, 2);
    const before = Date.now();
    expect(await processDelivery(t.database.db, d.id)).toBe("queued");
    const job2 = await nextJobStart(d.id, 2);
    expect(new Date(job2!.start_after).getTime()).toBeGreaterThanOrEqual(before + 2900); // honours Retry-After
    expect(job2!.priority).toBe(2); // high priority keeps its lane
    expect(await delivery(d.id)).toMatchObject({ status: "queued", attempts: 1, reason: "rate_limited" });
    expect(await processDelivery(t.database.db, d.id)).toBe("queued");
    expect(await processDelivery(t.database.db, d.id)).toBe("sent");
    const done = await delivery(d.id);
    expect(done).toMatchObject({ status: "sent", attempts: 3, provider: "resend" });
    expect(done.providerMessageId).toEqual(expect.any(String));
    const mine = stub.emails.filter((e) => e.idempotencyKey === d.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.body).toMatchObject({ to: "sue@example.com", subject: "Invoice ready" });
  });

  it("a permanent error fails after one attempt; the other channel is still sent", async () => {
    const { id, rows } = await send(["email", "sms"]);
    const email = rows.find((r) => r.channel === "email")!;
    const sms = rows.find((r) => r.channel === "sms")!;
    stub.failures.add({
      status: 422,
      body: { statusCode: 422, name: "validation_error", message: "Invalid `to` field." },
    });
    expect(await processDelivery(t.database.db, email.id)).toBe("failed");
    expect(await delivery(email.id)).toMatchObject({
      status: "failed",
      attempts: 1,
      reason: "invalid_address",
    });
    expect(await nextJobStart(email.id, 2)).toBeUndefined(); // no retry queued
    expect(await processDelivery(t.database.db, sms.id)).toBe("sent"); // dev outbox: no SMS provider configured
    const [n] = await t.database.db.select().from(notifications).where(eq(notifications.id, id));
    expect(n!.status).toBe("sent");
  });

  it(`a single provider keeps retrying server errors to its ${LAST_PROVIDER_ATTEMPTS} attempts, then the delivery fails`, async () => {
    const { id, rows } = await send(["email"]);
    const d = rows[0]!;
    // A burst longer than three attempts: with nothing to fail over to, the provider keeps the delivery.
    stub.failures.add({ status: 500 }, LAST_PROVIDER_ATTEMPTS - 1);
    let before = 0;
    for (let i = 1; i < LAST_PROVIDER_ATTEMPTS; i++) {
      before = Date.now();
      expect(await processDelivery(t.database.db, d.id)).toBe("queued");
    }
    expect(await delivery(d.id)).toMatchObject({ status: "queued", attempts: LAST_PROVIDER_ATTEMPTS - 1 });
    // The backoff keeps growing: the last retry waits ~2 min (the jitter takes at most a fifth off).
    const last = await nextJobStart(d.id, LAST_PROVIDER_ATTEMPTS);
    expect(new Date(last!.start_after).getTime() - before).toBeGreaterThanOrEqual(
      0.8 * retryDelayMs(LAST_PROVIDER_ATTEMPTS - 1, () => 0.5) - 1000,
    );
    expect(await processDelivery(t.database.db, d.id)).toBe("sent");
    expect(stub.emails.filter((e) => e.idempotencyKey === d.id)).toHaveLength(1);
    const [n] = await t.database.db.select().from(notifications).where(eq(notifications.id, id));
    expect(n!.status).toBe("sent");

    // A burst that outlasts the whole budget fails it.
    const other = (await send(["email"])).rows[0]!;
    stub.failures.add({ status: 500 }, LAST_PROVIDER_ATTEMPTS);
    for (let i = 1; i < LAST_PROVIDER_ATTEMPTS; i++) {
      expect(await processDelivery(t.database.db, other.id)).toBe("queued");
    }
    expect(await processDelivery(t.database.db, other.id)).toBe("failed");
    expect(await delivery(other.id)).toMatchObject({
      status: "failed",
      attempts: LAST_PROVIDER_ATTEMPTS,
      reason: "provider_unavailable",
    });
    expect(stub.emails.filter((e) => e.idempotencyKey === other.id)).toHaveLength(0);
  });

  it(`a provider with a failover behind it moves on after ${MAX_ATTEMPTS} attempts`, async () => {
    // The chain: an account that answers 500 to everything, then a working one (both at the stub).
    const good = await createIntegration(
      t.database.db,
      tenantId,
      resendIntegration("Resend", stub.apiKey),
      ADMIN,
    );
    const down = await createIntegration(
      t.database.db,
      tenantId,
      resendIntegration("Resend down", DOWN_KEY),
      ADMIN,
    );
    const { rows } = await send(["email"]);
    const d = rows[0]!;
    const downBefore = stub.downAttempts();
    for (let i = 1; i < MAX_ATTEMPTS; i++) expect(await processDelivery(t.database.db, d.id)).toBe("queued");
    // The third failure moves it on at once, with the next provider's budget fresh.
    expect(await processDelivery(t.database.db, d.id)).toBe("queued");
    expect(await processDelivery(t.database.db, d.id)).toBe("sent");
    expect(stub.downAttempts() - downBefore).toBe(MAX_ATTEMPTS);
    const tried = rowsOf<{ integration_id: string; outcome: string }>(
      await t.database.db.execute(
        sql`select integration_id, outcome from delivery_attempts where delivery_id = ${d.id} order by attempt`,
      ),
    );
    expect(tried.map((a) => [a.integration_id, a.outcome])).toEqual([
      [down.id, "retry"],
      [down.id, "retry"],
      [down.id, "failover"],
      [good.id, "sent"],
    ]);
    expect(await delivery(d.id)).toMatchObject({
      status: "sent",
      attempts: MAX_ATTEMPTS + 1,
      integrationId: good.id,
    });
    expect(stub.emails.filter((e) => e.idempotencyKey === d.id)).toHaveLength(1);
  });
});
