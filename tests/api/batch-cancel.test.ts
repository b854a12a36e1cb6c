// Cancelling a whole scheduled send: POST /api/v1/notifications/batches/:batch_id/cancel, and its
// summary GET /api/v1/notifications/batches/:batch_id. Email goes to the dev outbox (no provider).
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { PgBoss } from "pg-boss";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrap } from "@/lib/bootstrap";
import { auditLog, deliveries, devOutbox, notifications, users } from "@/lib/db/schema";
import { closeProviders } from "@/lib/delivery/providers";
import { parseEnv } from "@/lib/env";
import { bus, type DomainEvent } from "@/lib/events";
import { setQueue, startQueue } from "@/lib/queue/boss";
import { upsertUser } from "@/lib/users/store";
import { QUEUES, startWorkers } from "@/server/worker";
import { api, bearer, ORIGIN, sessionCookie } from "../helpers/api";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const KEY = "hk_batch_cancel_test_super_key_0123456789ab";
// The bound a scheduled send keeps: out within 2 s after its time.
const LATENESS_BOUND_MS = 2000;

describe("cancelling a scheduled send", () => {
  let t: TestDatabase;
  let boss: PgBoss;
  let tenantId: string;
  let keyB: string;
  let admin: Record<string, string>;
  let plainUser: Record<string, string>;
  const events: DomainEvent[] = [];

  beforeAll(async () => {
    t = await createTestDatabase();
    tenantId = (await bootstrap(t.database.db, parseEnv({ NODE_ENV: "test", HERALD_API_KEY: KEY }))).tenant
      .id;
    boss = await startQueue(t.database, QUEUES);
    setQueue(boss);
    await startWorkers(boss);
    bus().subscribe((e) => events.push(e));
    for (const name of ["ada", "bob", "cy"]) {
      await upsertUser(t.database.db, tenantId, { externalId: name, email: `${name}@example.com` });
    }
    const b = await api("POST", "/api/v1/tenants", {
      headers: bearer(KEY),
      body: { slug: "batch-b", name: "Batch B" },
    });
    keyB = b.json.data.api_key.key;
    const [a, u] = await t.database.db
      .insert(users)
      .values([
        { tenantId, externalId: "batch-admin", role: "admin" },
        { tenantId, externalId: "batch-user", role: "user" },
      ])
      .returning();
    admin = {
      ...(await sessionCookie({ uid: a!.id, tid: tenantId, ext: "batch-admin", role: "admin" })),
      Origin: ORIGIN,
    };
    plainUser = {
      ...(await sessionCookie({ uid: u!.id, tid: tenantId, ext: "batch-user", role: "user" })),
      Origin: ORIGIN,
    };
  });
  afterAll(async () => {
    setQueue(undefined);
    await boss.stop({ graceful: false, timeout: 1000 });
    await t.drop();
    await closeProviders();
  });

  const schedule = async (userIds: string[], channels: string[], at: Date, headers = bearer(KEY)) => {
    const res = await api("POST", "/api/v1/notifications", {
      headers,
      body: {
        user_ids: userIds,
        title: "Weekly report",
        content: "Ready.",
        type: "info",
        channels,
        schedule_at: at.toISOString(),
      },
    });
    expect(res.status).toBe(200);
    return res.json.data as { batch_id: string; notifications: { id: string }[] };
  };
  const cancel = (batchId: string, headers: Record<string, string> = bearer(KEY)) =>
    api("POST", `/api/v1/notifications/batches/${batchId}/cancel`, {
      headers,
    });
  const summary = (batchId: string, headers: Record<string, string> = bearer(KEY)) =>
    api("GET", `/api/v1/notifications/batches/${batchId}`, {
      headers,
    });
  const rowsOf = (batchId: string) =>
    t.database.db
      .select({ id: notifications.id, status: notifications.status, changeSeq: notifications.changeSeq })
      .from(notifications)
      .where(eq(notifications.batchId, batchId));
  const deliveriesOf = (batchId: string) =>
    t.database.db
      .select({ status: deliveries.status, reason: deliveries.reason })
      .from(deliveries)
      .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
      .where(eq(notifications.batchId, batchId));
  const auditsOf = (batchId: string) =>
    t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, batchId), eq(auditLog.action, "notification.batch_cancelled")));
  const until = async (check: () => Promise<boolean>, ms: number) => {
    const end = Date.now() + ms;
    while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  };

  it("cancels every pending notification and delivery of a scheduled email send; nothing is sent", async () => {
    const at = new Date(Date.now() + 3000);
    const { batch_id } = await schedule(["ada", "bob", "cy"], ["email"], at);
    expect(await deliveriesOf(batch_id)).toHaveLength(3);
    const before = await summary(batch_id);
    expect(before.status).toBe(200);
    expect(before.json.data).toEqual({
      batch_id,
      total: 3,
      by_status: { pending: 3 },
      scheduled_at: at.toISOString(),
    });
    const seen = events.length;

    const res = await cancel(batch_id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ code: 200, data: { cancelled: 3, already_sent: 0 } });
    const rows = await rowsOf(batch_id);
    expect(rows.map((r) => r.status)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(
      (await deliveriesOf(batch_id)).every((d) => d.status === "cancelled" && d.reason === "cancelled"),
    ).toBe(true);
    const audits = await auditsOf(batch_id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ targetType: "batch", data: { count: 3 } });
    // As with the single cancel, nothing is announced: no inbox ever showed these rows.
    const ids = new Set(rows.map((r) => r.id));
    const announced = events
      .slice(seen)
      .filter((e) => "notificationIds" in e.payload && e.payload.notificationIds.some((id) => ids.has(id)));
    expect(announced).toEqual([]);
    expect((await summary(batch_id)).json.data.by_status).toEqual({ cancelled: 3 });

    // Cancelling twice: nothing left to cancel.
    const again = await cancel(batch_id);
    expect(again.status).toBe(409);
    expect(again.json.message).toBe("Nothing to cancel");

    // Past its time and the lateness bound, with margin: nothing went out.
    await new Promise((r) => setTimeout(r, at.getTime() + LATENESS_BOUND_MS + 1500 - Date.now()));
    expect(await t.database.db.select().from(devOutbox).where(eq(devOutbox.tenantId, tenantId))).toEqual([]);
    expect((await rowsOf(batch_id)).every((r) => r.status === "cancelled")).toBe(true);
    expect((await deliveriesOf(batch_id)).every((d) => d.status === "cancelled")).toBe(true);
    expect(await auditsOf(batch_id)).toHaveLength(1);
  });

  it("leaves notifications cancelled one by one alone, and an admin session may cancel", async () => {
    const { batch_id, notifications: sent } = await schedule(
      ["ada", "bob", "cy"],
      ["app"],
      new Date(Date.now() + 60_000),
    );
    const one = sent[0]!.id;
    const single = await api("POST", `/api/v1/notifications/${one}/cancel`, {
      headers: bearer(KEY),
    });
    expect(single.status).toBe(200);
    const res = await cancel(batch_id, admin);
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ cancelled: 2, already_sent: 0 });
    expect((await summary(batch_id, admin)).json.data.by_status).toEqual({ cancelled: 3 });
    const [audit] = await auditsOf(batch_id);
    expect(audit).toMatchObject({ actorType: "user", data: { count: 2 } });
  });

  it("a batch already released is a 409 and nothing changes", async () => {
    const { batch_id } = await schedule(["ada", "bob"], ["app", "email"], new Date(Date.now() + 1000));
    // Not cancelled, the same kind of send does reach the dev outbox (what the first test relies on).
    const delivered = async () => (await deliveriesOf(batch_id)).every((d) => d.status === "sent");
    await until(delivered, 10_000);
    expect(await delivered()).toBe(true);
    const outbox = await t.database.db.select().from(devOutbox).where(eq(devOutbox.tenantId, tenantId));
    expect(outbox.map((m) => m.to).sort()).toEqual(["ada@example.com", "bob@example.com"]);
    expect((await summary(batch_id)).json.data.by_status).toEqual({ sent: 2 });
    const before = await rowsOf(batch_id);
    const deliveriesBefore = await deliveriesOf(batch_id);
    const res = await cancel(batch_id);
    expect(res.status).toBe(409);
    expect(res.json.message).toBe("Nothing to cancel");
    expect(await rowsOf(batch_id)).toEqual(before);
    expect(await deliveriesOf(batch_id)).toEqual(deliveriesBefore);
    expect(await auditsOf(batch_id)).toEqual([]);
  });

  it("another tenant's batch, or an unknown one, is a 404 and nothing changes", async () => {
    const { batch_id } = await schedule(["ada"], ["app"], new Date(Date.now() + 60_000));
    const other = await cancel(batch_id, bearer(keyB));
    expect(other.status).toBe(404);
    expect(other.json.message).toBe("Batch not found");
    expect((await summary(batch_id, bearer(keyB))).status).toBe(404);
    expect((await cancel(randomUUID())).status).toBe(404);
    expect((await rowsOf(batch_id)).map((r) => r.status)).toEqual(["pending"]);
    // Tenant B's own batch is not reachable with A's key either.
    const b = await schedule(["ada"], ["app"], new Date(Date.now() + 60_000), bearer(keyB));
    expect((await cancel(b.batch_id)).status).toBe(404);
    expect((await cancel(b.batch_id, bearer(keyB))).json.data).toEqual({ cancelled: 1, already_sent: 0 });
  });

  it("a user session is refused (403); a bad batch id is a 400 naming the field", async () => {
    const { batch_id } = await schedule(["ada"], ["app"], new Date(Date.now() + 60_000));
    expect((await cancel(batch_id, plainUser)).status).toBe(403);
    expect((await summary(batch_id, plainUser)).status).toBe(403);
    expect((await rowsOf(batch_id)).map((r) => r.status)).toEqual(["pending"]);
    const bad = await cancel("not-a-batch");
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toEqual([{ field: "batch_id", message: "must be a batch id" }]);
  });
});
