// The live badges' batched unread count must say what the API's unread count says, user by user.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnnouncement, publishAnnouncement } from "@/lib/announcements/lifecycle";
import type { Actor } from "@/lib/audit";
import { changeNotifications, countUnreadFor, unreadCount } from "@/lib/notifications/inbox";
import { insertNotifications } from "@/lib/notifications/store";
import { ensureDefaultTenant, ensureTenant } from "@/lib/tenants/tenants";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const SYSTEM: Actor = { type: "system", id: null };

describe("countUnreadFor", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => testDb.drop());

  it("counts each recipient as unreadCount does: visible unread notifications plus unread announcements", async () => {
    const db = testDb.database.db;
    const tenant = await ensureDefaultTenant(db);
    const other = await ensureTenant(db, "other", "Other");
    const base = { tenantId: tenant.id, content: "Body", type: "info" as const, status: "sent" as const };
    const sent = await insertNotifications(db, { ...base, title: "Sent", externalIds: ["ada", "bo", "cy"] });
    await insertNotifications(db, { ...base, title: "Second", externalIds: ["ada"] });
    await insertNotifications(db, { ...base, title: "Pending", status: "pending", externalIds: ["ada"] });
    await insertNotifications(db, { ...base, tenantId: other.id, title: "Elsewhere", externalIds: ["ada"] });
    const idOf = (externalId: string) => sent.find((row) => row.external_id === externalId)!.user_id;
    const [ada, bo, cy] = [idOf("ada"), idOf("bo"), idOf("cy")];
    await changeNotifications(db, { tenantId: tenant.id, userId: bo }, "read");
    await changeNotifications(db, { tenantId: tenant.id, userId: cy }, "delete");
    const announcement = await createAnnouncement(
      db,
      tenant.id,
      {
        title: "Notice",
        content: "Body",
        type: "notice",
        severity: "info",
        audience: { all: true },
        pinned: false,
        channels: [],
      },
      SYSTEM,
    );
    await publishAnnouncement(db, tenant.id, announcement.id, SYSTEM);

    const stranger = "00000000-0000-4000-8000-000000000000";
    const counts = await countUnreadFor(db, tenant.id, [ada, bo, cy, stranger]);

    expect(Object.fromEntries(counts)).toEqual({ [ada]: 3, [bo]: 1, [cy]: 1, [stranger]: 0 });
    for (const userId of [ada, bo, cy])
      expect(counts.get(userId)).toBe(await unreadCount(db, { tenantId: tenant.id, userId }));
    // Another tenant's id for the same person counts nothing here.
    const elsewhere = (await countUnreadFor(db, other.id, [ada])).get(ada);
    expect(elsewhere).toBe(0);
    expect(await countUnreadFor(db, tenant.id, [])).toEqual(new Map());
  });
});
