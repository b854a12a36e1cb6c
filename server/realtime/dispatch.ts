// Turns domain events into messages for the live connections on this node, and closes those whose
// credential an event killed. Uses only the event's data, except grouped unread-count queries after
// new notifications and announcements, for the recipients connected here, and the roles of
// connected users for a role-targeted announcement.
import { sql } from "drizzle-orm";
import { forgetApiKey } from "@/lib/auth/api-key-store";
import { unreadAnnouncementsByUserSql } from "@/lib/announcements/audience";
import { getDb, rowsOf } from "@/lib/db/client";
import type { DomainEvent, LiveAudience } from "@/lib/events";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { VISIBLE_STATUSES } from "@/lib/notifications/status";
import { decide } from "@/lib/preferences/decide";
import {
  connectedUsers,
  connectionsOf,
  connectionsOfApiKey,
  livePreferences,
  refreshLivePreferences,
  revokeConnections,
  tenantConnections,
  type OutboundEvent,
} from "./connections";

function send(userId: string, e: OutboundEvent, since: Date): number {
  const conns = connectionsOf(userId);
  for (const c of conns) {
    try {
      c.deliver(e);
    } catch (err) {
      logger().warn({ err, event: e.event }, "delivery to a connection failed");
    }
  }
  if (conns.length > 0) {
    const m = metrics();
    m.websocketMessages.inc({ event: e.event }, conns.length);
    if (e.event === "notification:new") m.deliveryLatency.observe((Date.now() - since.getTime()) / 1000);
  }
  return conns.length;
}

async function unreadCounts(tenantId: string, userIds: string[]): Promise<Map<string, number>> {
  const visible = sql.raw(VISIBLE_STATUSES.map((s) => `'${s}'`).join(","));
  const rows = rowsOf<{ user_id: string; n: string | number }>(
    // Unread notifications plus unread active announcements in each user's audience (README).
    await getDb().execute(sql`
      select user_id, sum(n) as n from (
        select user_id, count(*) as n from notifications
        where tenant_id = ${tenantId}::uuid and user_id = any(${sql.param(userIds)}::uuid[])
          and read_at is null and deleted_at is null and status in (${visible})
        group by user_id
        union all ${unreadAnnouncementsByUserSql(tenantId, userIds)}
      ) c group by user_id`),
  );
  const counts = new Map(userIds.map((id) => [id, 0]));
  for (const r of rows) counts.set(r.user_id, Number(r.n));
  return counts;
}

// After new notifications the badge needs a count the event does not carry. Users waiting for one
// are gathered for a few milliseconds and counted with one grouped query per tenant: under a
// stream of single sends that is one query per window instead of one per send.
const COUNT_WINDOW_MS = 5;
type CountWait = { tenantId: string; since: Date };
const g = globalThis as unknown as {
  __heraldCountWaits?: Map<string, CountWait>;
  __heraldCountTimer?: NodeJS.Timeout;
};

function countSoon(tenantId: string, userId: string, since: Date): void {
  g.__heraldCountWaits ??= new Map();
  if (!g.__heraldCountWaits.has(userId)) g.__heraldCountWaits.set(userId, { tenantId, since });
  g.__heraldCountTimer ??= setTimeout(() => void sendCounts(), COUNT_WINDOW_MS);
}

async function sendCounts(): Promise<void> {
  const waits = g.__heraldCountWaits ?? new Map<string, CountWait>();
  g.__heraldCountWaits = new Map();
  g.__heraldCountTimer = undefined;
  const byTenant = new Map<string, string[]>();
  for (const [userId, w] of waits) byTenant.set(w.tenantId, [...(byTenant.get(w.tenantId) ?? []), userId]);
  for (const [tenantId, userIds] of byTenant) {
    try {
      for (const [userId, count] of await unreadCounts(tenantId, userIds)) {
        send(userId, { event: "unread:count", data: { count } }, waits.get(userId)!.since);
      }
    } catch (err) {
      logger().error({ err }, "unread counts for live clients failed");
    }
  }
}

type AnnouncementEvent = Extract<DomainEvent, { name: `announcement.${string}` }>;

/** The users connected here whom `audience` reaches. Roles are the one case that asks the database. */
async function audienceHere(tenantId: string, audience: LiveAudience): Promise<string[]> {
  if ("userIds" in audience) return connectedUsers(new Set(audience.userIds));
  const here = [...new Set(tenantConnections(tenantId).map((c) => c.userId))];
  if ("all" in audience || here.length === 0) return here;
  // Connections do not carry roles (a role can change while connected): one query per event, for
  // this node's connected users only.
  const rows = rowsOf<{ id: string }>(
    await getDb().execute(sql`
      select id from users where tenant_id = ${tenantId}::uuid and id = any(${sql.param(here)}::uuid[])
        and role = any(${sql.param(audience.roles)}::text[]) and deleted_at is null`),
  );
  return rows.map((r) => r.id);
}

/** Announcements go to everyone in the audience connected here, with their new unread count. */
async function deliverAnnouncement(event: AnnouncementEvent): Promise<void> {
  const { tenantId, announcementId } = event.payload;
  const targets = await audienceHere(tenantId, event.payload.audience);
  if (event.name === "announcement.removed") {
    for (const userId of targets)
      send(userId, { event: "announcement:removed", data: { id: announcementId } }, event.at);
  } else {
    const e = {
      event: event.name === "announcement.published" ? "announcement:new" : "announcement:updated",
      data: event.payload.announcement,
    } as const;
    for (const userId of targets) send(userId, e, event.at);
    const previous = event.name === "announcement.updated" ? event.payload.previousAudience : undefined;
    if (previous) {
      // Out of the audience now: the notice leaves their lists.
      const still = new Set(targets);
      for (const userId of await audienceHere(tenantId, previous)) {
        if (still.has(userId)) continue;
        send(userId, { event: "announcement:removed", data: { id: announcementId } }, event.at);
        countSoon(tenantId, userId, event.at);
      }
    }
  }
  for (const userId of targets) countSoon(tenantId, userId, event.at);
}

export async function deliverEvent(event: DomainEvent): Promise<void> {
  try {
    switch (event.name) {
      case "notification.created": {
        const { userIds, notifications } = event.payload;
        const here = new Set(connectedUsers(new Set(userIds)));
        if (here.size === 0) return;
        notifications.forEach((n, i) => {
          const userId = userIds[i]!;
          if (!here.has(userId)) return;
          const { silent } = decide(livePreferences(userId), n, "app", event.at);
          send(userId, { event: "notification:new", data: { ...n, silent } }, event.at);
        });
        for (const userId of here) countSoon(event.payload.tenantId, userId, event.at);
        return;
      }
      case "notification.updated":
        for (const n of event.payload.notifications) {
          send(event.payload.userId, { event: "notification:updated", data: n }, event.at);
        }
        return;
      case "notification.deleted":
      case "notification.recalled":
        for (const r of event.payload.removed) {
          send(event.payload.userId, { event: "notification:deleted", data: r }, event.at);
        }
        return;
      case "announcement.published":
      case "announcement.updated":
      case "announcement.removed":
        await deliverAnnouncement(event);
        return;
      case "preferences.changed":
        await refreshLivePreferences(event.payload.tenantId, event.payload.userId);
        return;
      case "api_key.changed":
        forgetApiKey(event.payload.apiKeyId);
        return;
      case "api_key.revoked":
        forgetApiKey(event.payload.apiKeyId); // revoked on another node (a no-op on this one's)
        revokeConnections(
          connectionsOfApiKey(event.payload.tenantId, event.payload.apiKeyId),
          "api_key_revoked",
        );
        return;
      case "user.deleted":
        revokeConnections(
          connectionsOf(event.payload.userId).filter((c) => c.tenantId === event.payload.tenantId),
          "user_deleted",
        );
        return;
      case "tenant.token_secret_rotated":
        // Session connections stay: the secret signs subscriber tokens only.
        revokeConnections(
          tenantConnections(event.payload.tenantId).filter((c) => c.credential.kind === "token"),
          "token_secret_rotated",
        );
        return;
      case "unread.changed":
        send(event.payload.userId, { event: "unread:count", data: { count: event.payload.count } }, event.at);
        return;
      default:
        return;
    }
  } catch (err) {
    logger().error({ err, event: event.name }, "realtime delivery failed");
  }
}
