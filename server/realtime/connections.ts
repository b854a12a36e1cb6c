// Every live connection on this node, Socket.IO or plain WebSocket, by user: for delivery to local
// clients, the per-user connection cap (MAX_CONNECTIONS_PER_USER) and closing those
// whose credential died.
import { getDb } from "@/lib/db/client";
import { logger } from "@/lib/log";
import type { NotificationJson } from "@/lib/notifications/serialize";
import type { UserPreferences } from "@/lib/preferences/decide";
import { loadPreferences } from "@/lib/preferences/store";
import { processSingleton } from "@/lib/process-singleton";
import { connectionClosed, connectionOpened } from "@/lib/realtime/connections";
import type { RevokeReason } from "@/lib/realtime/protocol";

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
  /** What it authenticated with: which revocations close it. */
  credential: { kind: "session" } | { kind: "token"; apiKeyId: string | null; expiresAt: Date };
  deliver(outbound: OutboundEvent): void;
  /** Told it was replaced by a newer connection of the same user, then closed. */
  replace(): void;
  /** Told its credential no longer holds, then closed. */
  revoke(reason: RevokeReason): void;
};

const byUser = () => processSingleton("realtime.connections", () => new Map<string, Set<Connection>>());
const livePrefs = () =>
  processSingleton("realtime.live-preferences", () => new Map<string, UserPreferences>());

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

// setTimeout fires at once for delays over 2^31-1 ms (~24.8 days); tokens live up to 30 days.
const MAX_TIMER_MS = 2 ** 31 - 1;
const expiryTimers = new WeakMap<Connection, NodeJS.Timeout>();

/** A token's connection closes when the token expires, as a new handshake with it would fail. */
function armExpiry(connection: Connection): void {
  if (connection.credential.kind !== "token") return;
  const left = connection.credential.expiresAt.getTime() - Date.now();
  const timer = setTimeout(
    () => {
      if (left > MAX_TIMER_MS) return armExpiry(connection);
      revokeConnections([connection], "token_expired");
    },
    Math.max(0, Math.min(left, MAX_TIMER_MS)),
  );
  timer.unref();
  expiryTimers.set(connection, timer);
}

/** Closes connections whose credential died; each is told why first. Returns how many. */
export function revokeConnections(revoked: Connection[], reason: RevokeReason): number {
  for (const connection of revoked) {
    unregister(connection);
    try {
      connection.revoke(reason);
    } catch (err) {
      logger().warn({ err, reason }, "closing a revoked connection failed");
    }
  }
  return revoked.length;
}

/** Registers a connection; when the user is over `cap`, the oldest ones are replaced. */
export function register(connection: Connection, cap: number): void {
  let set = byUser().get(connection.userId);
  if (!set) {
    byUser().set(connection.userId, (set = new Set()));
    void refreshLivePreferences(connection.tenantId, connection.userId);
  }
  set.add(connection);
  connectionOpened();
  armExpiry(connection);
  const ordered = [...set].sort((first, second) => first.openedAt - second.openedAt);
  for (const old of ordered.slice(0, Math.max(0, ordered.length - cap))) {
    unregister(old);
    old.replace();
  }
}

export function unregister(connection: Connection): void {
  const set = byUser().get(connection.userId);
  if (!set?.delete(connection)) return;
  clearTimeout(expiryTimers.get(connection));
  expiryTimers.delete(connection);
  connectionClosed();
  if (set.size === 0) {
    byUser().delete(connection.userId);
    livePrefs().delete(connection.userId);
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
  return [...byUser().values()]
    .flatMap((userConnections) => [...userConnections])
    .filter((connection) => connection.tenantId === tenantId);
}

/** This node's connections authenticated with a token the key minted. */
export function connectionsOfApiKey(tenantId: string, apiKeyId: string): Connection[] {
  return tenantConnections(tenantId).filter(
    (connection) => connection.credential.kind === "token" && connection.credential.apiKeyId === apiKeyId,
  );
}
