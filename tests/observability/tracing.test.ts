// One send's trace, recorded by the OpenTelemetry SDK into an in-memory exporter: the API request
// span (continuing the caller's traceparent) holds the SQL it ran and names the notification; the
// delivery's queue job continues the same trace in the worker, and the provider call (Resend, here a
// local stub speaking its API) sits under the job with the delivery and notification ids.
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { deliveries } from "@/lib/db/schema";
import { parseEnv, resetEnv } from "@/lib/env";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { startTracing, stopTracing } from "@/lib/telemetry/sdk";
import { upsertUser } from "@/lib/users/store";
import { QUEUES, startWorkers } from "@/server/worker";
import { api, bearer } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { until } from "../helpers/realtime";
import { startResendStub } from "../stubs/resend-stub";

const KEY = "hk_super_key_for_tracing_tests_0123456789a";
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

describe("tracing one send", () => {
  const exporter = new InMemorySpanExporter();
  let t: TestDatabase;
  let boss: PgBoss;
  let stub: Awaited<ReturnType<typeof startResendStub>>;

  beforeAll(async () => {
    stub = await startResendStub();
    process.env.RESEND_API_KEY = stub.apiKey;
    process.env.RESEND_BASE_URL = stub.url;
    process.env.EMAIL_FROM = "Herald <notify@example.com>";
    resetEnv();
    startTracing({ exporter, serviceName: "herald-test" }); // before the database: its client is wrapped
    t = await createTestDatabase();
    const tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY })))
      .tenant.id;
    await upsertUser(t.database.db, tenantId, { externalId: "tess", email: "tess@example.com" });
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await startWorkers(boss);
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await stopTracing();
    await stub.close();
    for (const k of ["RESEND_API_KEY", "RESEND_BASE_URL", "EMAIL_FROM"]) delete process.env[k];
    resetEnv();
  });

  const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
  const idOf = (span: ReadableSpan) => span.spanContext().spanId;

  it("spans the API request, its SQL, the delivery job and the provider call in one trace", async () => {
    const res = await api("POST", "/api/v1/notifications", {
      headers: { ...bearer(KEY), traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` },
      body: {
        user_ids: ["tess"],
        title: "Traced",
        content: "Follow me",
        type: "info",
        channels: ["app", "email"],
      },
    });
    expect(res.status).toBe(200);
    const notificationId: string = res.json.data.notifications[0].id;
    await until(() => stub.emails.length === 1, 30_000);
    const [delivery] = await t.database.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(eq(deliveries.notificationId, notificationId));

    let spans: ReadableSpan[] = [];
    await until(() => {
      spans = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === CALLER_TRACE);
      return spans.some((s) => s.name === "job deliver-email");
    }, 30_000);

    const request = spans.find((s) => s.name === "POST /api/v1/notifications")!;
    expect(request).toBeDefined();
    expect(parentOf(request)).toBe(CALLER_SPAN); // continues the caller's trace
    expect(request.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/api/v1/notifications",
      "http.response.status_code": 200,
      "herald.notification_count": 1,
    });
    expect(request.attributes["herald.notification_ids"]).toEqual([notificationId]);

    const requestSql = spans.filter((s) => s.name.startsWith("db ") && parentOf(s) === idOf(request));
    expect(requestSql.map((s) => s.attributes["db.operation.name"])).toEqual(
      expect.arrayContaining(["INSERT"]),
    );
    expect(requestSql.every((s) => s.attributes["db.system.name"] === "postgresql")).toBe(true);

    const job = spans.find((s) => s.name === "job deliver-email")!;
    expect(parentOf(job)).toBe(idOf(request));
    expect(job.attributes).toMatchObject({
      "messaging.system": "pg-boss",
      "messaging.destination.name": "deliver-email",
      "herald.delivery_id": delivery!.id,
    });

    const provider = spans.find((s) => s.name === "provider resend")!;
    expect(parentOf(provider)).toBe(idOf(job));
    expect(provider.attributes).toMatchObject({
      "herald.provider": "resend",
      "herald.channel": "email",
      "herald.delivery_id": delivery!.id,
      "herald.notification_id": notificationId,
    });
    // The worker's own statements for this delivery (its record) sit under its job too.
    expect(spans.some((s) => s.name.startsWith("db ") && parentOf(s) === idOf(job))).toBe(true);
  });
});
