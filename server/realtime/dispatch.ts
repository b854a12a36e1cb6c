// Turns domain events into messages for the live connections on this node, and closes those whose
// credential an event killed. Uses only the event's data, except grouped unread-count queries after
// new notifications and announcements, for the recipients connected here, and the roles of
// connected users for a role-targeted announcement.
import { sql } from "drizzle-orm";
import { forgetApiKey } from "@/lib/auth/api-key-store";
import { getDb, rowsOf } from "@/lib/db/client";
import type { DomainEvent, LiveAudience } from "@/lib/events";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { countUnreadFor } from "@/lib/notifications/inbox";
import { forgetWebhookEndpoints } from "@/lib/outbound-webhooks/endpoints-cache";
import { decide } from "@/lib/preferences/decide";
import { processSingleton } from "@/lib/process-singleton";
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

function send(userId: string, outbound: OutboundEvent, since: Date): number {
  const connections = connectionsOf(userId);
  for (const connection of connections) {
    try {
      connection.deliver(outbound);
    } catch (err) {
      logger().warn({ err, event: outbound.event }, "delivery to a connection failed");
    }
  }
  if (connections.length > 0) {
    const registry = metrics();
    registry.websocketMessages.inc({ event: outbound.event }, connections.length);
    if (outbound.event === "notification:new")
      registry.deliveryLatency.observe((Date.now() - since.getTime()) / 1000);
  }
  return connections.length;
}

// After new notifications the badge needs a count the event does not carry. Users waiting for one
// are gathered for a few milliseconds and counted with one grouped query per tenant: under a
// stream of single sends that is one query per window instead of one per send.
const COUNT_WINDOW_MS = 5;
type CountWait = { tenantId: string; since: Date };
const pending = processSingleton(
  "realtime.count-waits",
  (): { waits: Map<string, CountWait>; timer?: NodeJS.Timeout } => ({ waits: new Map() }),
);

function countSoon(tenantId: string, userId: string, since: Date): void {
  if (!pending.waits.has(userId)) pending.waits.set(userId, { tenantId, since });
  pending.timer ??= setTimeout(() => void sendCounts(), COUNT_WINDOW_MS);
}

async function sendCounts(): Promise<void> {
  const waits = pending.waits;
  pending.waits = new Map();
  pending.timer = undefined;
  const byTenant = new Map<string, string[]>();
  for (const [userId, wait] of waits)
    byTenant.set(wait.tenantId, [...(byTenant.get(wait.tenantId) ?? []), userId]);
  for (const [tenantId, userIds] of byTenant) {
    try {
      for (const [userId, count] of await countUnreadFor(getDb(), tenantId, userIds)) {
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
  const here = [...new Set(tenantConnections(tenantId).map((connection) => connection.userId))];
  if ("all" in audience || here.length === 0) return here;
  // Connections do not carry roles (a role can change while connected): one query per event, for
  // this node's connected users only.
  const rows = rowsOf<{ id: string }>(
    await getDb().execute(sql`
      select id from users where tenant_id = ${tenantId}::uuid and id = any(${sql.param(here)}::uuid[])
        and role = any(${sql.param(audience.roles)}::text[]) and deleted_at is null`),
  );
  return rows.map((row) => row.id);
}

/** Announcements go to everyone in the audience connected here, with their new unread count. */
async function deliverAnnouncement(event: AnnouncementEvent): Promise<void> {
  const { tenantId, announcementId } = event.payload;
  const targets = await audienceHere(tenantId, event.payload.audience);
  if (event.name === "announcement.removed") {
    for (const userId of targets)
      send(userId, { event: "announcement:removed", data: { id: announcementId } }, event.at);
  } else {
    const outbound = {
      event: event.name === "announcement.published" ? "announcement:new" : "announcement:updated",
      data: event.payload.announcement,
    } as const;
    for (const userId of targets) send(userId, outbound, event.at);
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
        notifications.forEach((notification, i) => {
          const userId = userIds[i]!;
          if (!here.has(userId)) return;
          const { silent } = decide(livePreferences(userId), notification, "app", event.at);
          send(userId, { event: "notification:new", data: { ...notification, silent } }, event.at);
        });
        for (const userId of here) countSoon(event.payload.tenantId, userId, event.at);
        return;
      }
      case "notification.updated":
        for (const notification of event.payload.notifications) {
          send(event.payload.userId, { event: "notification:updated", data: notification }, event.at);
        }
        return;
      case "notification.deleted":
      case "notification.recalled":
        for (const removal of event.payload.removed) {
          send(event.payload.userId, { event: "notification:deleted", data: removal }, event.at);
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
          connectionsOf(event.payload.userId).filter(
            (connection) => connection.tenantId === event.payload.tenantId,
          ),
          "user_deleted",
        );
        return;
      case "tenant.token_secret_rotated":
        // Session connections stay: the secret signs subscriber tokens only.
        revokeConnections(
          tenantConnections(event.payload.tenantId).filter(
            (connection) => connection.credential.kind === "token",
          ),
          "token_secret_rotated",
        );
        return;
      case "webhook_endpoints.changed":
        forgetWebhookEndpoints(event.payload.tenantId); // changed on another node (or this one: a no-op twice)
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
