// The JSON shapes of an announcement: the console's (with audience and status) and an end user's.
import type { announcements } from "../db/schema";
import type { announcementSeverities, announcementStatuses, announcementTypes } from "./schema";
import { renderMarkdown } from "./render";

export type AnnouncementRow = typeof announcements.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Published and not expired: what users in the audience see. */
export function isActive(a: AnnouncementRow, now = new Date()): boolean {
  return a.status === "published" && a.deletedAt === null && (a.expiresAt === null || a.expiresAt > now);
}

export function announcementJson(a: AnnouncementRow) {
  return {
    id: a.id,
    title: a.title,
    content: a.content,
    content_html: renderMarkdown(a.content),
    type: a.type as (typeof announcementTypes)[number],
    severity: a.severity as (typeof announcementSeverities)[number],
    audience: a.audience,
    status: a.status as (typeof announcementStatuses)[number],
    is_active: isActive(a),
    channels: a.channels,
    pinned: a.pinned,
    publish_at: iso(a.publishAt),
    published_at: iso(a.publishedAt),
    expires_at: iso(a.expiresAt),
    archived_at: iso(a.archivedAt),
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
    // Extra channels are not offered yet (the schema only accepts []), so there is nothing to track.
    delivery_progress: { status: "not_requested" as const },
  };
}
export type AnnouncementJson = ReturnType<typeof announcementJson>;

export function userAnnouncementJson(a: AnnouncementRow, readAt: Date | null = null) {
  return {
    id: a.id,
    title: a.title,
    content: a.content,
    content_html: renderMarkdown(a.content),
    type: a.type as (typeof announcementTypes)[number],
    severity: a.severity as (typeof announcementSeverities)[number],
    pinned: a.pinned,
    published_at: (a.publishedAt ?? a.createdAt).toISOString(),
    expires_at: iso(a.expiresAt),
    is_read: readAt !== null,
    read_at: iso(readAt),
  };
}
export type UserAnnouncementJson = ReturnType<typeof userAnnouncementJson>;
