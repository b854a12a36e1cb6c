import { sql } from "drizzle-orm";
import { boolean, index, pgTable, primaryKey, jsonb, text, uuid, varchar } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, id, tenantId, ts, updatedAt } from "./_columns";
import {
  announcementChannels,
  announcementSeverities,
  announcementStatuses,
  announcementTypes,
  fanoutStatuses,
} from "../../vocabulary/enums";
import { MAX_ANNOUNCEMENT_TITLE } from "../../vocabulary/limits";
import { tenants } from "./tenants";
import { users } from "./users";

export type AnnouncementAudience = { all: true } | { user_ids: string[] } | { roles: string[] };

/** Fan-out on read: one row per announcement, whatever the audience size. */
export const announcements = pgTable(
  "announcements",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    title: varchar("title", { length: MAX_ANNOUNCEMENT_TITLE }).notNull(),
    content: text("content").notNull(),
    type: text("type", { enum: announcementTypes }).notNull().default("notice"),
    severity: text("severity", { enum: announcementSeverities }).notNull().default("info"),
    audience: jsonb("audience").$type<AnnouncementAudience>().notNull().default({ all: true }),
    status: text("status", { enum: announcementStatuses }).notNull().default("draft"),
    channels: text("channels", { enum: announcementChannels })
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    pinned: boolean("pinned").notNull().default(false),
    publishAt: ts("publish_at"),
    publishedAt: ts("published_at"),
    expiresAt: ts("expires_at"),
    archivedAt: ts("archived_at"),
    // Extra channels' fan-out: running → complete, or stopped (archived, deleted, expired first).
    // The cursor is the last audience user id written: a batch runs only from the cursor it was
    // queued with, so a retried batch finds it moved on and writes nothing.
    fanoutStatus: text("fanout_status", { enum: fanoutStatuses }),
    fanoutCursor: uuid("fanout_cursor"),
    fanoutFinishedAt: ts("fanout_finished_at"),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    index("announcements_tenant_active_idx")
      .on(t.tenantId, t.publishedAt.desc())
      .where(sql`${t.status} = 'published' and ${t.deletedAt} is null`),
    index("announcements_due_idx")
      .on(t.publishAt)
      .where(sql`${t.status} = 'scheduled'`),
  ],
);

/** Read and dismiss receipts: a row exists only for users who acted. */
export const announcementReads = pgTable(
  "announcement_reads",
  {
    tenantId: tenantId(),
    announcementId: uuid("announcement_id")
      .notNull()
      .references(() => announcements.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    readAt: ts("read_at"),
    dismissedAt: ts("dismissed_at"),
  },
  (t) => [
    primaryKey({ columns: [t.announcementId, t.userId] }),
    index("announcement_reads_user_idx").on(t.userId),
  ],
);
