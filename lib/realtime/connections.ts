// Live connection count for /health and metrics; the server's gateways report into it.
import { metrics } from "../metrics";
import { processSingleton } from "../process-singleton";

const state = () => processSingleton("realtime.connection-count", () => ({ count: 0 }));

export function connectionOpened(): void {
  state().count += 1;
  metrics().websocketConnections.set(state().count);
}

export function connectionClosed(): void {
  state().count = Math.max(0, state().count - 1);
  metrics().websocketConnections.set(state().count);
}

export function connectionCount(): number {
  return state().count;
}
