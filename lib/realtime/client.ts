// The browser's realtime client lives in @herald/js (packages/js), so host apps and Herald's own
// inbox run the same rules; the inbox imports it from here.
export {
  createRealtimeClient,
  type ClientEvent,
  type ClientEventListener,
  type ConnectionStatus,
  type RealtimeClient,
  type RealtimeClientOptions,
  type RealtimeStatus,
} from "../../packages/js/src/realtime/client";
