import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notifications, users } from "@/lib/db/schema";
import { insertNotifications } from "@/lib/notifications/store";
import { ensureDefaultTenant, ensureTenant } from "@/lib/tenants/tenants";
import { ensureUsers } from "@/lib/users/store";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

describe("per-recipient notification rows", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  const rowsOf = (batchId: string) =>
    t.database.db
      .select({
        user: users.externalId,
        title: notifications.title,
        content: notifications.content,
        seq: notifications.seq,
        templateVersion: notifications.templateVersion,
        templateParams: notifications.templateParams,
      })
      .from(notifications)
      .innerJoin(users, eq(users.id, notifications.userId))
      .where(eq(notifications.batchId, batchId))
      .orderBy(asc(users.externalId));

  it("writes each recipient's own title and content, for known and new users, first duplicate winning", async () => {
    const db = t.database.db;
    const tenant = await ensureDefaultTenant(db);
    await ensureUsers(db, tenant.id, ["known-b"]);
    const batchId = "00000000-0000-4000-8000-000000000001";
    const inserted = await insertNotifications(db, {
      tenantId: tenant.id,
      externalIds: ["new-c", "known-b", "new-a", "new-c"],
      titles: ["T c", "T b", "T a", "T c again"],
      contents: ["C c", "C b", "C a", "C c again"],
      title: "unused",
      content: "unused",
      type: "info",
      batchId,
      templateId: "00000000-0000-4000-8000-0000000000aa",
      templateVersion: 3,
      templateParams: { order: { id: 7 } },
      status: "sent",
    });
    expect(inserted.map((r) => r.external_id).sort()).toEqual(["known-b", "new-a", "new-c"]);
    expect(await rowsOf(batchId)).toEqual([
      {
        user: "known-b",
        title: "T b",
        content: "C b",
        seq: 1,
        templateVersion: 3,
        templateParams: { order: { id: 7 } },
      },
      {
        user: "new-a",
        title: "T a",
        content: "C a",
        seq: 1,
        templateVersion: 3,
        templateParams: { order: { id: 7 } },
      },
      {
        user: "new-c",
        title: "T c",
        content: "C c",
        seq: 1,
        templateVersion: 3,
        templateParams: { order: { id: 7 } },
      },
    ]);
  });

  it("takes per-recipient titles with one shared content", async () => {
    const db = t.database.db;
    const tenant = await ensureTenant(db, "per-recipient", "Per recipient");
    const batchId = "00000000-0000-4000-8000-000000000002";
    await insertNotifications(db, {
      tenantId: tenant.id,
      externalIds: ["y", "x"],
      titles: ["Hi Y", "Hi X"],
      title: "unused",
      content: "Shared",
      type: "info",
      batchId,
    });
    expect((await rowsOf(batchId)).map((r) => [r.user, r.title, r.content, r.templateParams])).toEqual([
      ["x", "Hi X", "Shared", null],
      ["y", "Hi Y", "Shared", null],
    ]);
  });
});
