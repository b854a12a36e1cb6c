// Every live connection on this node, Socket.IO or plain WebSocket, by user: for delivery to local
// clients and the per-user connection cap (seed §5.1: 3; MAX_CONNECTIONS_PER_USER).
import type { NotificationJson } from "@/lib/notifications/serialize";
import { connectionClosed, connectionOpened } from "@/lib/realtime/connections";

/** What a connection can be told, whatever its transport. */
export type OutboundEvent =
  | { event: "notification:new"; data: NotificationJson }
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

const g = globalThis as unknown as { __heraldConnections?: Map<string, Set<Connection>> };
const byUser = () => (g.__heraldConnections ??= new Map());

/** Registers a connection; when the user is over `cap`, the oldest ones are replaced. */
export function register(c: Connection, cap: number): void {
  let set = byUser().get(c.userId);
  if (!set) byUser().set(c.userId, (set = new Set()));
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
  if (set.size === 0) byUser().delete(c.userId);
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
