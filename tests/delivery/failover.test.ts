// Provider failover: a tenant's email chain of two Resend accounts (local stubs A then B). A down
// (500 for every call) sends everything to B, each delivery once; A's circuit opens and closes
// again once A answers; a recipient's error at A does not fail over; an old delivery expires.
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { ManualClock, useClock } from "@/lib/clock";
import { deliveries } from "@/lib/db/schema";
import { circuitOf, resetBreakers } from "@/lib/delivery/breakers";
import { MAX_ATTEMPTS, processDelivery } from "@/lib/delivery/pipeline";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv, resetEnv } from "@/lib/env";
import { closeIntegrationProviders } from "@/lib/integrations/provider";
import { forgetAllSenders } from "@/lib/integrations/sender-cache";
import { createIntegration } from "@/lib/integrations/store";
import { metrics } from "@/lib/metrics";
import { sendNotifications } from "@/lib/notifications/send";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { startResendStub } from "../stubs/resend-stub";

const KEY = "hk_failover_test_super_key_0123456789abcd";
const ADMIN = { type: "system" as const, id: null };
// Long enough that a loaded machine does not reach half-open between the deliveries that expect the
// circuit open; the recovery test waits for it.
const HALF_OPEN_SECONDS = 4;
const ENV_KEYS = [
  "INTEGRATION_HOSTS_ALLOWED",
  "OUTBOUND_PRIVATE_HOSTS_ALLOWED",
  "PROVIDER_BREAKER_THRESHOLD",
  "PROVIDER_BREAKER_HALF_OPEN_SECONDS",
  "DELIVERY_MAX_AGE",
];

describe("provider failover (two Resend integrations → local stubs A and B)", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let stubA: Awaited<ReturnType<typeof startResendStub>>;
  let stubB: Awaited<ReturnType<typeof startResendStub>>;
  let idA: string;
  let idB: string;
  let smsId: string;
  let otherKey: string;

  const integration = (name: string, stub: typeof stubA) =>
    createIntegration(
      t.database.db,
      tenantId,
      {
        provider: "resend",
        channel: "email",
        name,
        is_active: true,
        is_default: false,
        config: { from: "Shop <shop@example.com>", base_url: stub.url },
        secrets: { api_key: stub.apiKey },
      },
      ADMIN,
    );

  beforeAll(async () => {
    stubA = await startResendStub({ apiKey: "re_failover_a" });
    stubB = await startResendStub({ apiKey: "re_failover_b" });
    process.env.INTEGRATION_HOSTS_ALLOWED = "127.0.0.1";
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
    process.env.PROVIDER_BREAKER_THRESHOLD = "5";
    // cockatiel times the open circuit with the real clock: a short real delay instead of a moved one.
    process.env.PROVIDER_BREAKER_HALF_OPEN_SECONDS = String(HALF_OPEN_SECONDS);
    process.env.DELIVERY_MAX_AGE = "72h";
    resetEnv();
    resetBreakers();
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    for (const name of ["ada", "bob", "cy", "dee", "eve", "fay", "gus"]) {
      await upsertUser(t.database.db, tenantId, { externalId: name, email: `${name}@example.com` });
    }
    await upsertUser(t.database.db, tenantId, { externalId: "bad", email: "not-an-address" });
    idA = (await integration("Resend A", stubA)).id;
    idB = (await integration("Resend B", stubB)).id;
    smsId = (
      await createIntegration(
        t.database.db,
        tenantId,
        {
          provider: "outbox",
          channel: "sms",
          name: "SMS outbox",
          is_active: true,
          is_default: true,
          config: {},
          secrets: {},
        },
        ADMIN,
      )
    ).id;
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await Promise.all([stubA.close(), stubB.close(), closeProviders(), closeIntegrationProviders()]);
    forgetAllSenders();
    resetBreakers();
    for (const k of ENV_KEYS) delete process.env[k];
    resetEnv();
  });

  const putChain = (channel: string, body: unknown) =>
    api("PUT", `/api/v1/integrations/chains/${channel}`, { headers: bearer(KEY), body });
  const chains = async () =>
    (await api("GET", "/api/v1/integrations/chains", { headers: bearer(KEY) })).json.data.chains as {
      channel: string;
      members: { integration_id: string; circuit: string; last_error: { code: string } | null }[];
    }[];
  const emailChain = async () => (await chains()).find((c) => c.channel === "email")!;

  /** One email to `user`; its delivery row's id. */
  const queueEmail = async (user: string) => {
    const sent = await sendNotifications(
      t.database.db,
      { tenantId, apiKeyId: null },
      {
        user_ids: [user],
        title: "Your order shipped",
        content: "It is on its way.",
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
    return d!.id;
  };
  /** Runs the delivery's attempts one after another (the jobs' waits skipped) until it ends. */
  const runToEnd = async (id: string) => {
    for (let i = 0; i < 4 * MAX_ATTEMPTS; i++) {
      const status = await processDelivery(t.database.db, id);
      if (status !== "queued") return status;
    }
    throw new Error(`delivery ${id} did not end`);
  };
  const row = async (id: string) =>
    (await t.database.db.select().from(deliveries).where(eq(deliveries.id, id)))[0]!;
  const receipts = (stub: typeof stubA, id: string) => stub.emails.filter((e) => e.idempotencyKey === id);
  const circuitGauge = async (integration: string) => {
    const metric = await metrics().providerCircuitState.get();
    return metric.values.find((v) => v.labels.integration === integration)?.value;
  };
  const attemptsOf = async (id: string) => {
    const res = await api("GET", `/api/v1/deliveries/${id}`, { headers: bearer(KEY) });
    expect(res.status).toBe(200);
    return res.json.data.attempts as {
      attempt: number;
      integration_id: string;
      outcome: string;
      error_code: string;
    }[];
  };

  it("sets the chain A → B; bad input is refused naming the field and changes nothing", async () => {
    expect((await putChain("email", { integration_ids: [idA, idB] })).status).toBe(200);
    const refusals: [unknown, string, number][] = [
      [{ integration_ids: [idA, smsId] }, "integration_ids.1", 400], // another channel's
      [{ integration_ids: [idA, "00000000-0000-4000-8000-000000000000"] }, "integration_ids.1", 400], // unknown
      [{ integration_ids: [idB, idA, idB] }, "integration_ids.2", 400], // twice
      [{ integration_ids: ["nope"] }, "integration_ids.0", 400],
      [{ integration_ids: idA }, "integration_ids", 400],
    ];
    for (const [body, field, status] of refusals) {
      const res = await putChain("email", body);
      expect(res.status).toBe(status);
      expect(res.json.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await putChain("fax", { integration_ids: [] })).status).toBe(400);
    // Another tenant's integration is unknown here.
    const other = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "failover-other", name: "Other" },
    });
    otherKey = other.json.data.api_key.key as string;
    const theirs = await api("POST", "/api/v1/integrations", {
      headers: bearer(otherKey),
      body: { provider: "outbox", channel: "email", name: "Theirs" },
    });
    const res = await putChain("email", { integration_ids: [theirs.json.data.id] });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].field).toBe("integration_ids.0");
    // Nothing half-written: still A → B, A the default.
    const chain = await emailChain();
    expect(chain.members.map((m) => m.integration_id)).toEqual([idA, idB]);
    const listed = await api("GET", "/api/v1/integrations?channel=email", { headers: bearer(KEY) });
    expect(
      listed.json.data.integrations.map((i: { id: string; is_default: boolean; chain_position: number }) => [
        i.id,
        i.is_default,
        i.chain_position,
      ]),
    ).toEqual([
      [idA, true, 0],
      [idB, false, 1],
    ]);
  });

  it("with A down every delivery reaches B exactly once; A's circuit opens and then passes A over", async () => {
    stubA.failures.add({ status: 500 }, 1000);
    const users = ["ada", "bob", "cy", "dee"];
    const ids: string[] = [];
    for (const user of users) {
      const id = await queueEmail(user);
      ids.push(id);
      expect(await runToEnd(id)).toBe("sent");
    }
    for (const id of ids) {
      expect(receipts(stubB, id)).toHaveLength(1);
      expect(receipts(stubA, id)).toHaveLength(0);
      expect(await row(id)).toMatchObject({ status: "sent", integrationId: idB });
    }
    // The first delivery spent A's budget, then went to B.
    const first = await attemptsOf(ids[0]!);
    expect(first.map((a) => [a.attempt, a.integration_id, a.outcome])).toEqual([
      [1, idA, "retry"],
      [2, idA, "retry"],
      [3, idA, "failover"],
      [4, idB, "sent"],
    ]);
    expect(first[0]!.error_code).toBe("provider_unavailable");
    // Another tenant's delivery is not found.
    expect((await api("GET", `/api/v1/deliveries/${ids[0]}`, { headers: bearer(otherKey) })).status).toBe(
      404,
    );
    // The second one's failure opened A's circuit (five in a row): it moved on without waiting.
    expect((await attemptsOf(ids[1]!)).map((a) => [a.attempt, a.integration_id, a.outcome])).toEqual([
      [1, idA, "retry"],
      [2, idA, "failover"],
      [3, idB, "sent"],
    ]);
    // Open, A is passed over: the last deliveries went straight to B.
    expect(circuitOf({ channel: "email", name: "resend", integrationId: idA })).toBe("open");
    expect(await circuitGauge(idA)).toBe(2);
    expect(await circuitGauge(idB)).toBe(0);
    expect((await attemptsOf(ids[3]!)).map((a) => [a.integration_id, a.outcome])).toEqual([[idB, "sent"]]);
    const health = (await emailChain()).members;
    expect(health[0]).toMatchObject({
      integration_id: idA,
      circuit: "open",
      last_error: { code: "provider_unavailable" },
    });
    expect(health[1]).toMatchObject({ integration_id: idB, circuit: "closed", last_error: null });
    const dashboard = await api("GET", "/api/v1/admin/dashboard", { headers: bearer(KEY) });
    expect(dashboard.json.data.circuits.filter((c: { channel: string }) => c.channel === "email")).toEqual([
      { channel: "email", provider: "resend", integration_id: idA, name: "Resend A", state: "open" },
      { channel: "email", provider: "resend", integration_id: idB, name: "Resend B", state: "closed" },
    ]);
  });

  it("once A answers again, its half-open probe succeeds and the circuit closes", async () => {
    stubA.failures.clear();
    const a = { channel: "email" as const, name: "resend", integrationId: idA };
    await expect.poll(() => circuitOf(a), { timeout: 15_000, interval: 100 }).toBe("half_open");
    const id = await queueEmail("eve");
    expect(await runToEnd(id)).toBe("sent");
    expect(receipts(stubA, id)).toHaveLength(1);
    expect(receipts(stubB, id)).toHaveLength(0);
    expect(circuitOf(a)).toBe("closed");
    expect(await circuitGauge(idA)).toBe(0);
  });

  it("an invalid address at A fails the delivery without failing over: B gets nothing", async () => {
    const id = await queueEmail("bad");
    expect(await runToEnd(id)).toBe("failed");
    expect(await row(id)).toMatchObject({
      status: "failed",
      reason: "invalid_address",
      attempts: 1,
      integrationId: idA,
    });
    expect(receipts(stubB, id)).toHaveLength(0);
    expect((await attemptsOf(id)).map((a) => [a.integration_id, a.outcome, a.error_code])).toEqual([
      [idA, "failed", "invalid_address"],
    ]);
    // A recipient's error is not the provider's: the circuit stays closed.
    expect(circuitOf({ channel: "email", name: "resend", integrationId: idA })).toBe("closed");
  });

  it("a delivery still waiting after DELIVERY_MAX_AGE fails as expired instead of being tried", async () => {
    const id = await queueEmail("fay");
    const previous = useClock(new ManualClock(new Date(Date.now() + 73 * 3_600_000)));
    try {
      expect(await processDelivery(t.database.db, id)).toBe("failed");
    } finally {
      useClock(previous);
    }
    expect(await row(id)).toMatchObject({ status: "failed", reason: "expired" });
    expect(receipts(stubA, id)).toHaveLength(0);
    expect(receipts(stubB, id)).toHaveLength(0);
    expect(await attemptsOf(id)).toEqual([]);
  });

  it("is_default moves an integration to the head; an emptied chain falls back to the environment", async () => {
    const res = await api("PUT", `/api/v1/integrations/${idB}`, {
      headers: bearer(KEY),
      body: { is_default: true },
    });
    expect(res.status).toBe(200);
    expect((await emailChain()).members.map((m) => m.integration_id)).toEqual([idB, idA]);
    // false on the head takes it out of the chain; the next one becomes the default.
    await api("PUT", `/api/v1/integrations/${idB}`, { headers: bearer(KEY), body: { is_default: false } });
    expect((await emailChain()).members.map((m) => m.integration_id)).toEqual([idA]);
    expect((await putChain("email", { integration_ids: [] })).status).toBe(200);
    const empty = await emailChain();
    expect(empty).toMatchObject({ members: [], fallback: "outbox" });
    const id = await queueEmail("gus");
    expect(await runToEnd(id)).toBe("sent");
    expect(await row(id)).toMatchObject({ provider: "outbox", integrationId: null });
  });
});
