import { and, asc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, userCounters, users } from "@/lib/db/schema";
import { insertNotifications } from "@/lib/notifications/store";
import { ensureDefaultTenant, ensureTenant } from "@/lib/tenants/tenants";
import { ensureUsers } from "@/lib/users/store";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

describe("notification rows", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it("creates unknown users once and maps external ids to rows", async () => {
    const db = t.database.db;
    const tenant = await ensureDefaultTenant(db);
    const first = await ensureUsers(db, tenant.id, ["u1", "u2", "u1"]);
    expect([...first.keys()].sort()).toEqual(["u1", "u2"]);
    const second = await ensureUsers(db, tenant.id, ["u2", "u3"]);
    expect(second.get("u2")).toBe(first.get("u2"));
    const all = await db.select().from(users).where(eq(users.tenantId, tenant.id));
    expect(all).toHaveLength(3);
  });

  it("keeps the same external id apart in two tenants", async () => {
    const db = t.database.db;
    const a = await ensureDefaultTenant(db);
    const b = await ensureTenant(db, "acme", "Acme");
    const inA = await ensureUsers(db, a.id, ["shared"]);
    const inB = await ensureUsers(db, b.id, ["shared"]);
    expect(inA.get("shared")).not.toBe(inB.get("shared"));
  });

  it("numbers each user's notifications 1, 2, 3… and collapses duplicate recipients", async () => {
    const db = t.database.db;
    const tenant = await ensureDefaultTenant(db);
    const ids = await ensureUsers(db, tenant.id, ["seq-a", "seq-b"]);
    const a = ids.get("seq-a")!;
    const b = ids.get("seq-b")!;
    const base = { tenantId: tenant.id, title: "Hello", content: "World", type: "info" as const };
    const first = await insertNotifications(db, { ...base, externalIds: ["seq-a", "seq-b", "seq-a"] });
    expect(first).toHaveLength(2);
    expect(first.find((r) => r.user_id === a)?.external_id).toBe("seq-a");
    await insertNotifications(db, { ...base, externalIds: ["seq-a"] });
    await insertNotifications(db, { ...base, externalIds: ["seq-a", "seq-b"] });

    const seqs = async (userId: string) =>
      (
        await db
          .select({ seq: notifications.seq, changeSeq: notifications.changeSeq })
          .from(notifications)
          .where(and(eq(notifications.tenantId, tenant.id), eq(notifications.userId, userId)))
          .orderBy(asc(notifications.seq))
      ).map((r) => r.seq);
    expect(await seqs(a)).toEqual([1, 2, 3]);
    expect(await seqs(b)).toEqual([1, 2]);
    const [counter] = await db.select().from(userCounters).where(eq(userCounters.userId, a));
    expect(counter).toMatchObject({ notificationSeq: 3, changeSeq: 3 });
  });

  it("gives concurrent sends to one user distinct, gap-free sequence numbers", async () => {
    const db = t.database.db;
    const tenant = await ensureDefaultTenant(db);
    const ids = await ensureUsers(db, tenant.id, ["busy"]);
    const busy = ids.get("busy")!;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        insertNotifications(db, {
          tenantId: tenant.id,
          externalIds: ["busy"],
          title: `n${i}`,
          content: "x",
          type: "info",
        }),
      ),
    );
    const rows = await db
      .select({ seq: notifications.seq })
      .from(notifications)
      .where(eq(notifications.userId, busy))
      .orderBy(asc(notifications.seq));
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it("concurrent sends to overlapping new users, listed in any order, neither deadlock nor lose anyone", async () => {
    const db = t.database.db;
    const tenant = await ensureDefaultTenant(db);
    const people = Array.from({ length: 50 }, (_, i) => `crowd-${i}`);
    const shuffled = (seed: number) =>
      [...people].sort(
        (x, y) =>
          ((x.charCodeAt(6) * seed) % 7) - ((y.charCodeAt(6) * seed) % 7) ||
          x.localeCompare(y) * (seed % 2 ? 1 : -1),
      );
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        insertNotifications(db, {
          tenantId: tenant.id,
          externalIds: shuffled(i + 1),
          title: `wave ${i}`,
          content: "x",
          type: "info",
        }),
      ),
    );
    expect(results.every((r) => r.length === people.length)).toBe(true);
    const crowd = await db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenant.id), sql`${users.externalId} like 'crowd-%'`));
    expect(crowd).toHaveLength(people.length);
    for (const person of crowd.slice(0, 5)) {
      const rows = await db
        .select({ seq: notifications.seq })
        .from(notifications)
        .where(eq(notifications.userId, person.id))
        .orderBy(asc(notifications.seq));
      expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    }
  });
});
