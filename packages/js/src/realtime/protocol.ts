// The realtime contract, shared by the server gateways (lib/realtime/protocol.ts re-exports it with
// the request schema the server validates with) and this client.
// Positions are the recipient's change sequence (`change_seq`): every new, changed, deleted or
// recalled notification takes the next value, committed in order. A client keeps the highest it has
// seen and asks `sync {after}` on every connect; it dedupes by notification id.
import type { Notification } from "../types.ts";

export type SyncEvent =
  { type: "upsert"; notification: Notification } | { type: "delete"; id: string; change_seq: number };

/** Why the server closed a connection whose credential no longer holds. */
export type RevokeReason = "user_deleted" | "api_key_revoked" | "token_secret_rotated" | "token_expired";

export type SyncPage = { events: SyncEvent[]; last: number; has_more: boolean; unread_count: number };

export type AckOk<T> = { ok: true; data: T };
/** `retry_after` (seconds) comes with code 429: the user's event budget is spent for now. */
export type AckError = { ok: false; error: { code: number; message: string; retry_after?: number } };
export type Ack<T> = AckOk<T> | AckError;

/** Server → client events. */
export type ServerEvents = {
  "notification:new": (notification: Notification) => void;
  "notification:updated": (notification: Notification) => void;
  "notification:deleted": (removal: { id: string; change_seq: number }) => void;
  "unread:count": (payload: { count: number }) => void;
  "session:replaced": (payload: { reason: "connection_limit" }) => void;
  /** The credential died (user deleted, key revoked, secret rotated, token expired); closed next. */
  "session:revoked": (payload: { reason: RevokeReason }) => void;
  "announcement:new": (announcement: unknown) => void;
  "announcement:updated": (announcement: unknown) => void;
  "announcement:removed": (removal: { id: string }) => void;
};

/** Client → server events, answered through the acknowledgement. Writes go over REST. */
export type ClientEvents = {
  sync: (req: { after: number; limit?: number }, ack: (res: Ack<SyncPage>) => void) => void;
};

/** Plain WebSocket frames (/api/v1/notifications/ws): a new notification is its bare REST JSON. */
export type PlainFrame =
  | Notification
  | { type: "notification:updated"; notification: Notification }
  | { type: "notification:deleted"; id: string; change_seq: number }
  | { type: "unread:count"; count: number }
  | { type: "sync:done"; last: number; has_more: boolean }
  | { type: "error"; message: string; code?: number; retry_after?: number }
  | { type: "session:revoked"; reason: RevokeReason };
