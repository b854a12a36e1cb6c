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
} from "./realtime/client.js";
export { backoffDelay, defaultBackoff, type Backoff, type ServerNotice } from "./realtime/transport.js";
export type { SyncOutput } from "./realtime/sync-state.js";
export type * from "./realtime/protocol.js";
export { createInboxClient, type InboxClient, type InboxClientOptions, type TokenSource } from "./inbox.js";
export { HeraldError, type FieldError } from "./errors.js";
export type * from "./types.js";
export type { components, operations, paths } from "./openapi.js";
