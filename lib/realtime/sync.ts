// Replay for reconnecting clients: everything that changed for the recipient after a position.
import { and, asc, eq, gt } from "drizzle-orm";
import type { Db } from "../db/client";
import { notifications, templates, users } from "../db/schema";
import { unreadCount, type Owner } from "../notifications/inbox";
import { notificationColumns, notificationJson } from "../notifications/serialize";
import { isVisible } from "../notifications/status";
import type { SyncEvent, SyncPage } from "./protocol";

/**
 * The recipient's changes after `after`, in commit order, `limit` at a time. Visible rows come as
 * upserts (their current state), deleted, recalled and expired ones as deletes; rows still scheduled are
 * skipped (they get a new position when released).
 */
export async function changesAfter(db: Db, owner: Owner, after: number, limit = 200): Promise<SyncPage> {
  const rows = await db
    .select(notificationColumns)
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(templates, eq(templates.id, notifications.templateId))
    .where(
      and(
        eq(notifications.userId, owner.userId),
        eq(notifications.tenantId, owner.tenantId),
        gt(notifications.changeSeq, after),
      ),
    )
    .orderBy(asc(notifications.changeSeq))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const events: SyncEvent[] = [];
  for (const row of page) {
    if (row.deletedAt === null && isVisible(row.status))
      events.push({ type: "upsert", notification: notificationJson(row) });
    else if (row.deletedAt !== null || row.status === "recalled" || row.status === "expired")
      events.push({ type: "delete", id: row.id, change_seq: row.changeSeq });
  }
  return {
    events,
    last: page.length > 0 ? page[page.length - 1]!.changeSeq : after,
    has_more: rows.length > limit,
    unread_count: await unreadCount(db, owner),
  };
}
