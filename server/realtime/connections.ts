// Every live connection on this node, Socket.IO or plain WebSocket, by user: for delivery to local
// clients and the per-user connection cap (seed §5.1: 3; MAX_CONNECTIONS_PER_USER).
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log";
import type { NotificationJson } from "@/lib/notifications/serialize";
import type { UserPreferences } from "@/lib/preferences/decide";
import { loadPreferences } from "@/lib/preferences/store";
import { connectionClosed, connectionOpened } from "@/lib/realtime/connections";

/** What a connection can be told, whatever its transport. */
export type OutboundEvent =
  /** `silent`: the user is muted or in do-not-disturb (and it is not urgent): show it, raise no alert. */
  | { event: "notification:new"; data: NotificationJson & { silent: boolean } }
  | { event: "notification:updated"; data: NotificationJson }
  | { event: "notification:deleted"; data: { id: string; change_seq: number } }
  | { event: "unread:count"; data: { count: number } }
  | { event: "announcement:new" | "announcement:updated"; data: unknown }
  | { event: "announcement:removed"; data: { id: string } };

export type Connection = {
  kind: "socket.io" | "websocket";
  tenantId: string;
  /** users.id (internal) */
  userId: string;
  openedAt: number;
  deliver(e: OutboundEvent): void;
  /** Told it was replaced by a newer connection of the same user, then closed. */
  replace(): void;
};

const g = globalThis as unknown as {
  __heraldConnections?: Map<string, Set<Connection>>;
  __heraldLivePrefs?: Map<string, UserPreferences>;
};
const byUser = () => (g.__heraldConnections ??= new Map());
const livePrefs = () => (g.__heraldLivePrefs ??= new Map());

/**
 * The preferences of users connected here, so live events can carry `silent` without a query per
 * event: loaded when a user's first connection opens, again when they change (preferences.changed).
 * Until loaded (the first milliseconds), a user counts as having none.
 */
export function livePreferences(userId: string): UserPreferences | undefined {
  return livePrefs().get(userId);
}

export async function refreshLivePreferences(tenantId: string, userId: string): Promise<void> {
  if (!byUser().has(userId)) return;
  try {
    const loaded = (await loadPreferences(getDb(), tenantId, [userId])).get(userId);
    if (loaded && byUser().has(userId)) livePrefs().set(userId, loaded);
  } catch (err) {
    logger().warn({ err }, "could not load a connected user's preferences");
  }
}

/** Registers a connection; when the user is over `cap`, the oldest ones are replaced. */
export function register(c: Connection, cap: number): void {
  let set = byUser().get(c.userId);
  if (!set) {
    byUser().set(c.userId, (set = new Set()));
    void refreshLivePreferences(c.tenantId, c.userId);
  }
  set.add(c);
  connectionOpened();
  const ordered = [...set].sort((a, b) => a.openedAt - b.openedAt);
  for (const old of ordered.slice(0, Math.max(0, ordered.length - cap))) {
    unregister(old);
    old.replace();
  }
}

export function unregister(c: Connection): void {
  const set = byUser().get(c.userId);
  if (!set?.delete(c)) return;
  connectionClosed();
  if (set.size === 0) {
    byUser().delete(c.userId);
    livePrefs().delete(c.userId);
  }
}

export function connectionsOf(userId: string): Connection[] {
  return [...(byUser().get(userId) ?? [])];
}

export function connectedUsers(userIds: Iterable<string>): string[] {
  const map = byUser();
  return [...userIds].filter((id) => map.has(id));
}

/** Users with a connection on this node in a tenant (announcements to everyone). */
export function tenantConnections(tenantId: string): Connection[] {
  return [...byUser().values()].flatMap((s) => [...s]).filter((c) => c.tenantId === tenantId);
}
