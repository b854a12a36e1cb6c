// The JSON shapes of an announcement: the console's (with audience and status) and an end user's.
import type { z } from "zod";
import type { announcements } from "../db/schema";
import {
  announcementChannels,
  progressBucket,
  type AnnouncementChannel,
  type announcementSeverities,
  type announcementStatuses,
  type announcementSchema,
  type announcementTypes,
  type DeliveryCounts,
  type DeliveryProgress,
  type userAnnouncementSchema,
} from "./schema";
import { env, listOf } from "../env";
import { renderMarkdown } from "./render";

export type AnnouncementRow = typeof announcements.$inferSelect;
/** One (channel, status) count of an announcement's extra-channel deliveries. */
export type DeliveryCountRow = { channel: string; status: string; n: number };
/** A row with its deliveries' counts, as the console's reads load it (see withProgress). */
export type AnnouncementRecord = AnnouncementRow & { deliveryCounts?: DeliveryCountRow[] };

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Published and not expired: what users in the audience see. */
export function isActive(a: AnnouncementRow, now = new Date()): boolean {
  return a.status === "published" && a.deletedAt === null && (a.expiresAt === null || a.expiresAt > now);
}

export function announcementJson(a: AnnouncementRecord): AnnouncementJson {
  return {
    id: a.id,
    title: a.title,
    content: a.content,
    content_html: renderMarkdown(a.content, { imageHosts: listOf(env().MARKDOWN_IMAGE_HOSTS) }),
    type: a.type as (typeof announcementTypes)[number],
    severity: a.severity as (typeof announcementSeverities)[number],
    audience: a.audience,
    status: a.status as (typeof announcementStatuses)[number],
    is_active: isActive(a),
    channels: a.channels as AnnouncementChannel[],
    pinned: a.pinned,
    publish_at: iso(a.publishAt),
    published_at: iso(a.publishedAt),
    expires_at: iso(a.expiresAt),
    archived_at: iso(a.archivedAt),
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
    delivery_progress: deliveryProgress(a, a.deliveryCounts),
  };
}
export type AnnouncementJson = z.input<typeof announcementSchema>;

const zero = (): DeliveryCounts => ({
  total: 0,
  queued: 0,
  sent: 0,
  delivered: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
});

/** `delivery_progress`: the fan-out's state and its deliveries' counts, overall and per channel. */
export function deliveryProgress(row: AnnouncementRow, counts: DeliveryCountRow[] = []): DeliveryProgress {
  const status: DeliveryProgress["status"] =
    row.fanoutStatus ??
    (row.channels.length === 0
      ? "not_requested"
      : row.status === "draft" || row.status === "scheduled"
        ? "waiting"
        : "stopped");
  const overall = zero();
  const byChannel: DeliveryProgress["by_channel"] = {};
  for (const channel of row.channels) byChannel[channel as AnnouncementChannel] = zero();
  for (const c of counts) {
    if (!(announcementChannels as readonly string[]).includes(c.channel)) continue;
    const bucket = progressBucket[c.status as keyof typeof progressBucket];
    if (!bucket) continue;
    const ch = (byChannel[c.channel as AnnouncementChannel] ??= zero());
    for (const target of [overall, ch]) {
      target.total += c.n;
      target[bucket] += c.n;
    }
  }
  return { status, ...overall, by_channel: byChannel };
}

export function userAnnouncementJson(a: AnnouncementRow, readAt: Date | null = null): UserAnnouncementJson {
  return {
    id: a.id,
    title: a.title,
    content: a.content,
    content_html: renderMarkdown(a.content, { imageHosts: listOf(env().MARKDOWN_IMAGE_HOSTS) }),
    type: a.type as (typeof announcementTypes)[number],
    severity: a.severity as (typeof announcementSeverities)[number],
    pinned: a.pinned,
    published_at: (a.publishedAt ?? a.createdAt).toISOString(),
    expires_at: iso(a.expiresAt),
    is_read: readAt !== null,
    read_at: iso(readAt),
  };
}
export type UserAnnouncementJson = z.input<typeof userAnnouncementSchema>;
