// @herald/js: Herald's browser client. `createRealtimeClient` is the live feed (one socket per
// browser, shared across tabs, resuming with `sync`); `createInboxClient` the REST calls an inbox makes.
export {
  createRealtimeClient,
  type ClientEvent,
  type ClientEventListener,
  type ConnectionStatus,
  type RealtimeClient,
  type RealtimeClientOptions,
  type RealtimeStatus,
} from "./realtime/client.ts";
export { backoffDelay, defaultBackoff, type Backoff, type ServerNotice } from "./realtime/transport.ts";
export type { SyncOutput } from "./realtime/sync-state.ts";
export type * from "./realtime/protocol.ts";
export { createInboxClient, type InboxClient, type InboxClientOptions, type TokenSource } from "./inbox.ts";
export { HeraldError, type FieldError } from "./errors.ts";
export { relativeTime } from "./relative-time.ts";
export { actionsOf, actionTarget, followAction, type ActionTarget } from "./actions.ts";
export type * from "./types.ts";
export type { components, operations, paths } from "./openapi.ts";
