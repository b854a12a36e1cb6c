// Outbound webhooks end to end: endpoints registered through the API, domain events recorded from
// the bus, attempts delivered by the worker's own function to a local receiver, signed per Standard
// Webhooks and verified here with the standardwebhooks library.
import { and, count, eq, sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock, useClock } from "@/lib/clock";
import { rowsOf, type Db } from "@/lib/db/client";
import {
  auditLog,
  deliveries,
  notifications,
  users,
  webhookEndpoints,
  webhookMessages,
} from "@/lib/db/schema";
import { bootstrap } from "@/lib/bootstrap";
import { processDelivery } from "@/lib/delivery/pipeline";
import { parseEnv, resetEnv } from "@/lib/env";
import { changeNotifications } from "@/lib/notifications/inbox";
import { sendNotifications } from "@/lib/notifications/send";
import { deliverWebhookMessage } from "@/lib/outbound-webhooks/deliver";
import {
  startWebhookRecorder,
  WEBHOOK_QUEUE,
  webhookRecorderIdle,
  type WebhookJob,
} from "@/lib/outbound-webhooks/recorder";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { bus, isNodeLocalEvent } from "@/lib/events";
import type { NotificationJson } from "@/lib/notifications/serialize";
import { enabledEndpointsOf } from "@/lib/outbound-webhooks/endpoints-cache";
import { deliverEvent } from "@/server/realtime/dispatch";
import { QUEUES } from "@/server/worker";
import type { PgBoss } from "pg-boss";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { drainSteps } from "../helpers/workflows";
import { startResendStub } from "../stubs/resend-stub";
import { startWebhookReceiver, type ReceivedWebhook } from "../stubs/webhook-receiver";

const KEY = "hk_outbound_webhooks_test_key_0123456789abc";
const H = bearer(KEY);
const DAY = 24 * 3600_000;

describe("outbound webhooks", () => {
  let t: TestDatabase;
  let db: Db;
  let boss: PgBoss;
  let tenantId: string;
  let clock: ManualClock;
  let previousClock: ReturnType<typeof useClock>;
  let stopRecorder: () => void;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let resend: Awaited<ReturnType<typeof startResendStub>>;
  const ENV_KEYS = [
    "OUTBOUND_PRIVATE_HOSTS_ALLOWED",
    "RESEND_API_KEY",
    "RESEND_BASE_URL",
    "EMAIL_FROM",
  ] as const;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    resend = await startResendStub();
    for (const k of ENV_KEYS) saved[k] = process.env[k];
    // The local receiver and stub listen on 127.0.0.1: the operator's allow-list lets them be reached.
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
    process.env.RESEND_API_KEY = resend.apiKey;
    process.env.RESEND_BASE_URL = resend.url;
    process.env.EMAIL_FROM = "Herald <notify@example.com>";
    resetEnv();
    t = await createTestDatabase();
    db = t.database.db;
    tenantId = (await bootstrap(db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant.id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    clock = new ManualClock(new Date());
    previousClock = useClock(clock);
    stopRecorder = startWebhookRecorder(() => db);
    await upsertUser(db, tenantId, { externalId: "ada", email: "ada@example.com" });
    await upsertUser(db, tenantId, { externalId: "root", role: "admin" });
  });
  afterAll(async () => {
    stopRecorder();
    useClock(previousClock);
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await receiver.close();
    await resend.close();
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    resetEnv();
  });

  /** What the worker does: runs every queued webhook attempt (due or not), round after round. */
  const drainWebhooks = async () => {
    await webhookRecorderIdle();
    for (let round = 0; round < 20; round++) {
      const jobs = rowsOf<{ id: string; data: WebhookJob }>(
        await db.execute(
          sql`select id, data from pgboss.job where name = ${WEBHOOK_QUEUE} and state = 'created' order by created_on`,
        ),
      );
      if (jobs.length === 0) return;
      for (const job of jobs) {
        await deliverWebhookMessage(db, job.data);
        await boss.deleteJob(WEBHOOK_QUEUE, job.id);
      }
    }
    throw new Error("webhook jobs kept coming");
  };

  const register = async (path: string, extra: Record<string, unknown> = {}) => {
    const res = await api("POST", "/api/v1/webhook-endpoints", {
      headers: H,
      body: { url: `${receiver.url}${path}`, ...extra },
    });
    expect(res.status, JSON.stringify(res.json)).toBe(201);
    return res.json.data as { endpoint: { id: string }; secret: string };
  };
  const verified = (secret: string, r: ReceivedWebhook) =>
    new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as {
      type: string;
      data: Record<string, unknown>;
    };
  const eventsAt = (path: string, secret: string) => receiver.to(path).map((r) => verified(secret, r));

  const send = async (channels: ("app" | "email")[], to = "ada") => {
    const sent = await sendNotifications(
      db,
      { tenantId, apiKeyId: null },
      {
        user_ids: [to],
        title: "Invoice",
        content: "Ready",
        type: "info",
        priority: "normal",
        channels,
        metadata: {},
      },
    );
    return sent.notifications![0]!.id;
  };

  it("a receiver failing twice then succeeding gets the event once, one webhook-id over three signed attempts", async () => {
    const { endpoint, secret } = await register("/flaky", { event_types: ["notification.created"] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    receiver.plan.push(500, 500);
    const id = await send(["app"]);
    await drainWebhooks();
    const got = receiver.to("/flaky");
    expect(got).toHaveLength(3);
    expect(new Set(got.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const event = verified(secret, got[2]!);
    expect(event).toMatchObject({
      type: "notification.created",
      data: { notification_id: id, user_id: "ada", type: "info", channels: ["app"] },
    });
    for (const r of got) expect(() => verified(secret, r)).not.toThrow();
    const attempts = await api("GET", `/api/v1/webhook-endpoints/${endpoint.id}/attempts`, { headers: H });
    expect(attempts.status).toBe(200);
    expect(
      attempts.json.data.attempts.map((a: { attempt: number; response_status: number }) => [
        a.attempt,
        a.response_status,
      ]),
    ).toEqual([
      [3, 204],
      [2, 500],
      [1, 500],
    ]);
    expect(attempts.json.data.attempts[1]).toMatchObject({
      error: "HTTP 500",
      response_body: "refused with 500",
    });
    await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
  });

  it("notification read and deleted, delivery sent and failed (Resend stub), workflow run and announcement arrive", async () => {
    const { endpoint, secret } = await register("/all");
    const ada = (
      await db
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "ada")))
    )[0]!;
    // Sent: an email through the Resend stub.
    const sentId = await send(["app", "email"]);
    const [d1] = await db.select().from(deliveries).where(eq(deliveries.notificationId, sentId));
    expect(await processDelivery(db, d1!.id)).toBe("sent");
    // Failed: Resend refuses it for good.
    resend.failures.add(
      { status: 422, body: { statusCode: 422, name: "validation_error", message: "Invalid `to`" } },
      1,
    );
    const failedId = await send(["email"]);
    const [d2] = await db.select().from(deliveries).where(eq(deliveries.notificationId, failedId));
    expect(await processDelivery(db, d2!.id)).toBe("failed");
    // Read, then deleted, by the user.
    await changeNotifications(db, { tenantId, userId: ada.id }, "read", [sentId]);
    await changeNotifications(db, { tenantId, userId: ada.id }, "delete", [sentId]);
    // A workflow run that completes.
    const wf = await api("POST", "/api/v1/workflows", {
      headers: H,
      body: {
        key: "welcome",
        name: "Welcome",
        steps: [{ id: "inapp", type: "in_app", title: "Hi", content: "x" }],
      },
    });
    expect(wf.status, JSON.stringify(wf.json)).toBe(201);
    const trig = await api("POST", "/api/v1/workflows/welcome/trigger", {
      headers: H,
      body: { to: ["ada"] },
    });
    expect(trig.status, JSON.stringify(trig.json)).toBe(202);
    await drainSteps(db, boss);
    // An announcement published.
    const ann = await api("POST", "/api/v1/announcements", {
      headers: H,
      body: { title: "Hello", content: "All" },
    });
    const pub = await api("POST", `/api/v1/announcements/${ann.json.data.id}/publish`, { headers: H });
    expect(pub.status, JSON.stringify(pub.json)).toBeLessThan(300);
    await drainWebhooks();

    const events = eventsAt("/all", secret);
    const of = (type: string) => events.filter((e) => e.type === type).map((e) => e.data);
    expect(of("delivery.sent")).toEqual([
      expect.objectContaining({
        delivery_id: d1!.id,
        channel: "email",
        status: "sent",
        provider: "resend",
        notification_id: sentId,
        user_id: "ada",
      }),
    ]);
    expect(of("delivery.failed")).toEqual([
      expect.objectContaining({
        delivery_id: d2!.id,
        channel: "email",
        status: "failed",
        notification_id: failedId,
      }),
    ]);
    expect(of("notification.read")).toEqual([
      expect.objectContaining({ notification_id: sentId, user_id: "ada" }),
    ]);
    expect(of("notification.read")[0]!.read_at).toEqual(expect.any(String));
    expect(of("notification.deleted")).toEqual([{ notification_id: sentId, user_id: "ada" }]);
    expect(of("workflow_run.completed")).toEqual([
      expect.objectContaining({
        run_id: trig.json.data.run_ids[0],
        workflow_key: "welcome",
        user_id: "ada",
        status: "completed",
      }),
    ]);
    expect(of("announcement.published")).toEqual([
      expect.objectContaining({ announcement_id: ann.json.data.id }),
    ]);
    // The workflow's in-app step and the sends each made one notification.created.
    expect(of("notification.created").length).toBe(3);
    // No secret travels in a payload.
    for (const r of receiver.to("/all")) expect(r.body).not.toContain(resend.apiKey);
    await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
  });

  it("archiving sends notification.archived with archived_at; unarchiving and snoozing send nothing", async () => {
    const { endpoint, secret } = await register("/archived", { event_types: ["notification.archived"] });
    const ada = (
      await db
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "ada")))
    )[0]!;
    const owner = { tenantId, userId: ada.id };
    const id = await send(["app"]);
    await changeNotifications(db, owner, "archive", [id]);
    await changeNotifications(db, owner, "unarchive", [id]);
    await changeNotifications(db, owner, "snooze", [id], { until: new Date(clock.now().getTime() + 60_000) });
    await drainWebhooks();
    const events = eventsAt("/archived", secret);
    expect(events).toEqual([
      {
        type: "notification.archived",
        timestamp: expect.any(String),
        data: expect.objectContaining({
          notification_id: id,
          user_id: "ada",
          archived_at: expect.any(String),
        }),
      },
    ]);
    await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
  });

  it("a receiver gets 15 s to answer, longer than the operator's idle timeout for other requests", async () => {
    const { endpoint } = await register("/slow", { event_types: ["notification.created"] });
    process.env.OUTBOUND_TIMEOUT_MS = "200";
    resetEnv();
    receiver.setDelay(600);
    try {
      await send(["app"]);
      await drainWebhooks();
    } finally {
      receiver.setDelay(0);
      delete process.env.OUTBOUND_TIMEOUT_MS;
      resetEnv();
    }
    expect(receiver.to("/slow")).toHaveLength(1);
    const attempts = await api("GET", `/api/v1/webhook-endpoints/${endpoint.id}/attempts`, { headers: H });
    expect(attempts.json.data.attempts).toMatchObject([{ attempt: 1, response_status: 204, error: null }]);
    await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
  });

  it("refuses URLs that are not https or reach private, loopback or metadata addresses, writing nothing", async () => {
    const before = (await db.select({ n: count() }).from(webhookEndpoints))[0]!.n;
    for (const url of [
      "https://127.0.0.2/hook", // loopback, not on the allow-list
      "https://169.254.169.254/latest/meta-data", // cloud metadata
      "https://10.1.2.3/hook", // private network
      "https://localhost/hook", // a name resolving to loopback
      "http://example.com/hook", // not https
      "not a url",
    ]) {
      const res = await api("POST", "/api/v1/webhook-endpoints", { headers: H, body: { url } });
      expect(res.status, url).toBe(400);
      expect(
        res.json.errors.map((e: { field: string }) => e.field),
        url,
      ).toEqual(["url"]);
    }
    // Without the allow-list, the local receiver itself is refused.
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "";
    resetEnv();
    try {
      const res = await api("POST", "/api/v1/webhook-endpoints", {
        headers: H,
        body: { url: `${receiver.url}/x` },
      });
      expect(res.status).toBe(400);
      expect(res.json.errors[0].field).toBe("url");
    } finally {
      process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
      resetEnv();
    }
    const bad = await api("POST", "/api/v1/webhook-endpoints", {
      headers: H,
      body: { url: `${receiver.url}/x`, event_types: ["notification.created", "notification.exploded"] },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: { field: string }) => e.field)).toEqual(["event_types.1"]);
    expect((await db.select({ n: count() }).from(webhookEndpoints))[0]!.n).toBe(before);
  });

  it("the guarded agent refuses again at send time when the address is no longer allowed", async () => {
    const { endpoint } = await register("/rebound", { event_types: ["notification.created"] });
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "";
    resetEnv();
    try {
      await send(["app"]);
      await drainWebhooks(); // every attempt of the schedule, each refused
    } finally {
      process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
      resetEnv();
    }
    expect(receiver.to("/rebound")).toHaveLength(0);
    const attempts = await api("GET", `/api/v1/webhook-endpoints/${endpoint.id}/attempts?page_size=2`, {
      headers: H,
    });
    expect(attempts.json.data.attempts[0].error).toMatch(/address refused/);
    expect(attempts.json.data.attempts[0].message_status).toBe("failed");
    expect(attempts.json.data.next_cursor).toEqual(expect.any(String));
    const next = await api(
      "GET",
      `/api/v1/webhook-endpoints/${endpoint.id}/attempts?page_size=2&cursor=${attempts.json.data.next_cursor}`,
      { headers: H },
    );
    expect(next.json.data.attempts).toHaveLength(2);
    await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
  });

  it("a disabled endpoint gets nothing; a test event and a replay reuse the pipeline", async () => {
    const { endpoint, secret } = await register("/toggle", { event_types: ["delivery.sent"] });
    const off = await api("PATCH", `/api/v1/webhook-endpoints/${endpoint.id}`, {
      headers: H,
      body: { enabled: false },
    });
    expect(off.json.data.enabled).toBe(false);
    await send(["app"]);
    expect((await api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/test`, { headers: H })).status).toBe(
      409,
    );
    await drainWebhooks();
    expect(receiver.to("/toggle")).toHaveLength(0);
    expect(
      (
        await db
          .select({ n: count() })
          .from(webhookMessages)
          .where(eq(webhookMessages.endpointId, endpoint.id))
      )[0]!.n,
    ).toBe(0);

    await api("PATCH", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H, body: { enabled: true } });
    const test = await api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/test`, { headers: H });
    expect(test.status).toBe(202);
    await drainWebhooks();
    const [first] = receiver.to("/toggle");
    expect(verified(secret, first!)).toMatchObject({ type: "webhook.test" });
    const replay = await api(
      "POST",
      `/api/v1/webhook-endpoints/${endpoint.id}/messages/${test.json.data.message_id}/replay`,
      { headers: H },
    );
    expect(replay.status, JSON.stringify(replay.json)).toBe(202);
    await drainWebhooks();
    const got = receiver.to("/toggle");
    expect(got).toHaveLength(2);
    expect(got[1]!.headers["webhook-id"]).toBe(test.json.data.message_id);
    expect(got[1]!.body).toBe(got[0]!.body);
    await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
  });

  it("rotation signs with both secrets for 24 h, then with the new one only", async () => {
    const { endpoint, secret: old } = await register("/rotate");
    const rotated = await api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {
      headers: H,
    });
    expect(rotated.status).toBe(200);
    const fresh = rotated.json.data.secret as string;
    expect(fresh).not.toBe(old);
    expect(rotated.json.data.endpoint.previous_secret_expires_at).toEqual(expect.any(String));
    await api("POST", `/api/v1/webhook-endpoints/${endpoint.id}/test`, { headers: H });
    await drainWebhooks();
    const [during] = receiver.to("/rotate");
    expect(String(during!.headers["webhook-signature"]).split(" ")).toHaveLength(2);
    expect(() => verified(old, during!)).not.toThrow();
    expect(() => verified(fresh, during!)).not.toThrow();
    // The secrets are stored sealed, never in the clear.
    const [row] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(JSON.stringify(row)).not.toContain(fresh.slice(6));
    await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
  });

  it("another tenant's endpoint is 404 on every route", async () => {
    const { endpoint } = await register("/mine", { event_types: ["announcement.published"] });
    const b = await api("POST", "/api/v1/tenants", { headers: H, body: { slug: "other-wh", name: "Other" } });
    const other = bearer(b.json.data.api_key.key);
    const base = `/api/v1/webhook-endpoints/${endpoint.id}`;
    for (const [method, path] of [
      ["GET", base],
      ["PATCH", base],
      ["DELETE", base],
      ["POST", `${base}/rotate-secret`],
      ["POST", `${base}/test`],
      ["GET", `${base}/attempts`],
      ["POST", `${base}/messages/msg_abc/replay`],
    ] as const) {
      const res = await api(method, path, {
        headers: other,
        ...(method === "PATCH" ? { body: { description: "x" } } : {}),
      });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await api("GET", "/api/v1/webhook-endpoints", { headers: other })).json.data.endpoints).toEqual(
      [],
    );
    await api("DELETE", base, { headers: H });
  });

  it("records an event only where it was published: one forwarded from another node records nothing", async () => {
    const { endpoint } = await register("/nodes", { event_types: ["notification.created"] });
    const messagesOf = async () =>
      (
        await db
          .select({ n: count() })
          .from(webhookMessages)
          .where(eq(webhookMessages.endpointId, endpoint.id))
      )[0]!.n;
    const notification = {
      id: "00000000-0000-4000-8000-000000000001",
      user_id: "ada",
      type: "info",
      priority: "normal",
      channels: ["app"],
      template_code: null,
      batch_id: null,
    } as unknown as NotificationJson;
    const payload = {
      tenantId,
      userIds: [],
      notificationIds: [notification.id],
      notifications: [notification],
    };
    // What the realtime layer does with another node's events: its dispatcher, not this node's bus.
    await deliverEvent({ name: "notification.created", payload, at: new Date() });
    await webhookRecorderIdle();
    expect(await messagesOf()).toBe(0);
    // The same event published here (where the change happened) is recorded, once.
    bus().publish("notification.created", payload);
    await webhookRecorderIdle();
    expect(await messagesOf()).toBe(1);
    // Events only the publishing node acts on are not forwarded at all.
    expect(isNodeLocalEvent("delivery.status_changed")).toBe(true);
    expect(isNodeLocalEvent("workflow_run.ended")).toBe(true);
    expect(isNodeLocalEvent("notification.created")).toBe(false);
    // Another node's change reaches this node's cache through the forwarded event.
    expect((await enabledEndpointsOf(db, tenantId)).map((e) => e.id)).toContain(endpoint.id);
    await db.update(webhookEndpoints).set({ isEnabled: false }).where(eq(webhookEndpoints.id, endpoint.id));
    expect((await enabledEndpointsOf(db, tenantId)).map((e) => e.id)).toContain(endpoint.id); // cached
    await deliverEvent({ name: "webhook_endpoints.changed", payload: { tenantId }, at: new Date() });
    expect((await enabledEndpointsOf(db, tenantId)).map((e) => e.id)).not.toContain(endpoint.id);
    await api("DELETE", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
  });

  it("an endpoint failing for 3 days is disabled, its retries stop, and the admins are told", async () => {
    const { endpoint } = await register("/down", { event_types: ["notification.created"] });
    receiver.setAlways(503);
    try {
      await send(["app"]);
      await webhookRecorderIdle();
      // The first attempt only, then three days pass with nothing answering.
      const [job] = rowsOf<{ id: string; data: WebhookJob }>(
        await db.execute(
          sql`select j.id, j.data from pgboss.job j join webhook_messages m on m.id = j.data->>'messageId'
              where j.name = ${WEBHOOK_QUEUE} and j.state = 'created' and m.endpoint_id = ${endpoint.id}::uuid`,
        ),
      );
      await deliverWebhookMessage(db, job!.data);
      await boss.deleteJob(WEBHOOK_QUEUE, job!.id);
      clock.advance(3 * DAY + 60_000);
      await drainWebhooks();
    } finally {
      receiver.setAlways(undefined);
    }
    expect(receiver.to("/down")).toHaveLength(2);
    const got = await api("GET", `/api/v1/webhook-endpoints/${endpoint.id}`, { headers: H });
    expect(got.json.data).toMatchObject({ enabled: false, disabled_reason: "failing_3_days" });
    const [message] = await db
      .select()
      .from(webhookMessages)
      .where(eq(webhookMessages.endpointId, endpoint.id));
    expect(message!.status).toBe("cancelled");
    const entries = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "webhook_endpoint.disabled")));
    expect(entries).toHaveLength(1);
    const root = (
      await db
        .select()
        .from(users)
        .where(and(eq(users.tenantId, tenantId), eq(users.externalId, "root")))
    )[0]!;
    const told = await db.select().from(notifications).where(eq(notifications.userId, root.id));
    expect(told.map((n) => n.title)).toContain("A webhook endpoint was disabled");
    // Nothing new for it.
    await send(["app"]);
    await drainWebhooks();
    expect(receiver.to("/down")).toHaveLength(2);
  });
});
