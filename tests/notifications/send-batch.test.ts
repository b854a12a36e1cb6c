// Concurrent plain sends share statements: each still gets exactly its own rows, seqs and audit row,
// a user's sends keep their order, tenants stay apart, and one send's failure is its own.
import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, notifications } from "@/lib/db/schema";
import { metrics } from "@/lib/metrics";
import { sendNotifications } from "@/lib/notifications/send";
import { insertPlainSend } from "@/lib/notifications/send-batch";
import { ensureDefaultTenant, ensureTenant } from "@/lib/tenants/tenants";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

async function batchesObserved(): Promise<{ count: number; sum: number }> {
  const metric = await metrics().registry.getSingleMetric("herald_send_batch_size")!.get();
  const value = (name: string) =>
    metric.values.find((v) => (v as { metricName?: string }).metricName === name)?.value ?? 0;
  return { count: value("herald_send_batch_size_count"), sum: value("herald_send_batch_size_sum") };
}

describe("batched plain sends", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it("writes 60 concurrent sends in fewer statements, each with its own rows, seqs in order and audit row", async () => {
    const db = t.database.db;
    const a = await ensureDefaultTenant(db);
    const b = await ensureTenant(db, "batch-b", "Batch B");
    const before = await batchesObserved();
    // Three users in each tenant get 10 sends each, interleaved, all at once; same ids in both tenants.
    const sends = Array.from({ length: 60 }, (_, i) => {
      const tenant = i % 2 === 0 ? a : b;
      const user = `batch-${i % 3}`;
      return sendNotifications(
        db,
        { tenantId: tenant.id, apiKeyId: null },
        {
          user_ids: [user],
          title: `Send ${i}`,
          content: `to ${user}`,
          type: "info",
          priority: "normal",
          metadata: {},
          group_key: `g${i % 4}`,
        },
      ).then((result) => ({ i, tenant, user, result }));
    });
    const results = await Promise.all(sends);
    const after = await batchesObserved();
    expect(after.sum - before.sum).toBe(60);
    // Sharing happened: fewer statements than sends.
    expect(after.count - before.count).toBeLessThan(60);

    for (const { i, tenant, user, result } of results) {
      expect(result.count).toBe(1);
      expect(result.notifications).toEqual([{ id: expect.any(String), user_id: user, status: "sent" }]);
      const [row] = await db
        .select()
        .from(notifications)
        .where(eq(notifications.id, result.notifications![0]!.id));
      expect(row).toMatchObject({
        tenantId: tenant.id,
        title: `Send ${i}`,
        content: `to ${user}`,
        batchId: result.batch_id,
        groupKey: `g${i % 4}`,
        channels: ["app"],
        status: "sent",
      });
      const audit = await db.select().from(auditLog).where(eq(auditLog.targetId, result.batch_id));
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ tenantId: tenant.id, action: "notification.sent" });
      expect(audit[0]!.data).toMatchObject({ recipients: 1, title: `Send ${i}`, channels: ["app"] });
    }
    // Each user's seqs are 1..10 in the order the sends were made.
    for (const tenant of [a, b])
      for (let u = 0; u < 3; u++) {
        const mine = results.filter((r) => r.tenant.id === tenant.id && r.user === `batch-${u}`);
        const ids = new Set(mine.map((r) => r.result.notifications![0]!.id));
        const own = await db
          .select({ id: notifications.id, seq: notifications.seq, title: notifications.title })
          .from(notifications)
          .where(eq(notifications.tenantId, tenant.id))
          .orderBy(asc(notifications.seq));
        const seqs = own.filter((r) => ids.has(r.id));
        expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: mine.length }, (_, k) => k + 1));
        expect(seqs.map((r) => r.title)).toEqual(mine.map((r) => `Send ${r.i}`));
      }
  });

  it("fails only the send the database refuses; the others of its statement are written", async () => {
    const db = t.database.db;
    const tenant = await ensureDefaultTenant(db);
    const base = {
      tenantId: tenant.id,
      content: "batch",
      type: "info" as const,
      status: "sent" as const,
      sentAt: new Date(),
      apiKeyId: null,
      groupKey: null,
    };
    const send = (i: number, title: string) =>
      insertPlainSend(db, {
        ...base,
        externalIds: [`refuse-${i}`],
        title,
        batchId: crypto.randomUUID(),
        audit: {
          actorType: "system",
          actorId: null,
          action: "notification.sent",
          targetType: "batch",
          targetId: crypto.randomUUID(),
          data: {},
        },
      });
    // The title column holds 200 characters: the database refuses the longer one.
    const outcomes = await Promise.allSettled([
      send(1, "fine"),
      send(2, "x".repeat(5000)),
      send(3, "also fine"),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const written = await db
      .select({ title: notifications.title })
      .from(notifications)
      .where(eq(notifications.content, "batch"));
    expect(written.map((r) => r.title).sort()).toEqual(["also fine", "fine"]);
  });
});
