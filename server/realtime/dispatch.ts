// Turns domain events into messages for the live connections on this node. Uses only the event's
// data, except grouped unread-count queries after new notifications, for the recipients connected here.
import { sql } from "drizzle-orm";
import { forgetApiKey } from "@/lib/auth/api-key-store";
import { getDb, rowsOf } from "@/lib/db/client";
import type { DomainEvent } from "@/lib/events";
import { logger } from "@/lib/log";
import { metrics } from "@/lib/metrics";
import { VISIBLE_STATUSES } from "@/lib/notifications/status";
import { connectedUsers, connectionsOf, type OutboundEvent } from "./connections";

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
    await getDb().execute(sql`
      select user_id, count(*) as n from notifications
      where tenant_id = ${tenantId}::uuid and user_id = any(${sql.param(userIds)}::uuid[])
        and read_at is null and deleted_at is null and status in (${visible})
      group by user_id`),
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

export async function deliverEvent(event: DomainEvent): Promise<void> {
  try {
    switch (event.name) {
      case "notification.created": {
        const { userIds, notifications } = event.payload;
        const here = new Set(connectedUsers(new Set(userIds)));
        if (here.size === 0) return;
        notifications.forEach((n, i) => {
          const userId = userIds[i]!;
          if (here.has(userId)) send(userId, { event: "notification:new", data: n }, event.at);
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
      case "api_key.revoked":
        forgetApiKey(event.payload.apiKeyId); // revoked on another node (a no-op on this one's)
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
