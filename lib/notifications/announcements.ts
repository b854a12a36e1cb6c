// Announcements as an end user sees them: the active ones in their audience, read and dismiss.
// A receipt row is written only when the user acts (fan-out on read).
import { sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { Db } from "../db/client";
import { announcementReads, announcements, users } from "../db/schema";
import { bus } from "../events";
import { notFound } from "../errors";
import { unreadCount, type Owner } from "./inbox";
import { activeForUserSql } from "../announcements/audience";
import type { activeAnnouncementsSchema, announcementMarkResultSchema } from "../announcements/schema";
import { userAnnouncementJson } from "../announcements/serialize";

/** An active list is short by nature; this only bounds a misuse. */
const ACTIVE_LIMIT = 100;

const a = alias(announcements, "a");
const u = alias(users, "u");
const r = alias(announcementReads, "r");

function visibleTo(db: Db, owner: Owner) {
  return db
    .select({ row: a, readAt: r.readAt })
    .from(a)
    .innerJoin(u, sql`u.id = ${owner.userId}::uuid and u.tenant_id = a.tenant_id and u.deleted_at is null`)
    .leftJoin(r, sql`r.announcement_id = a.id and r.user_id = u.id`);
}

/** The caller's active announcements: unread first, then pinned, then newest. */
export async function activeAnnouncements(
  db: Db,
  owner: Owner,
): Promise<z.input<typeof activeAnnouncementsSchema>> {
  const rows = await visibleTo(db, owner)
    .where(sql`${activeForUserSql(owner.tenantId)} and r.dismissed_at is null`)
    .orderBy(sql`(r.read_at is null) desc, a.pinned desc, a.published_at desc, a.id desc`)
    .limit(ACTIVE_LIMIT);
  const list = rows.map((x) => userAnnouncementJson(x.row, x.readAt));
  return { announcements: list, unread: list.filter((x) => !x.is_read).length };
}

/**
 * Marks one active announcement in the caller's audience read, or dismisses it (dismissed counts
 * as read and stops showing). Anything else — another tenant's, another audience's, expired,
 * archived — is a 404. Asking twice keeps the first time.
 */
export async function markAnnouncement(
  db: Db,
  owner: Owner,
  id: string,
  action: "read" | "dismiss",
): Promise<z.input<typeof announcementMarkResultSchema>> {
  const [found] = await visibleTo(db, owner)
    .where(sql`${activeForUserSql(owner.tenantId)} and a.id = ${id}::uuid`)
    .limit(1);
  if (!found) throw notFound("Announcement not found");
  const dismissedAt = action === "dismiss" ? sql`now()` : null;
  const [receipt] = await db
    .insert(announcementReads)
    .values({
      tenantId: owner.tenantId,
      announcementId: id,
      userId: owner.userId,
      readAt: sql`now()`,
      dismissedAt,
    })
    .onConflictDoUpdate({
      target: [announcementReads.announcementId, announcementReads.userId],
      set: {
        readAt: sql`coalesce(${announcementReads.readAt}, excluded.read_at)`,
        dismissedAt: sql`coalesce(${announcementReads.dismissedAt}, excluded.dismissed_at)`,
      },
    })
    .returning();
  const count = await unreadCount(db, owner);
  // The user's other tabs and devices: the badge, and a dismissed notice leaves their lists too.
  if (action === "dismiss")
    bus().publish("announcement.removed", {
      tenantId: owner.tenantId,
      announcementId: id,
      audience: { userIds: [owner.userId] },
    });
  bus().publish("unread.changed", { tenantId: owner.tenantId, userId: owner.userId, count });
  return { announcement: userAnnouncementJson(found.row, receipt!.readAt), unread_count: count };
}
