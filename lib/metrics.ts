// Prometheus metrics: one registry per process, on globalThis so the server and route handlers share it.
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

type Metrics = {
  registry: Registry;
  domainEvents: Counter<"event">;
  websocketConnections: Gauge;
};

const g = globalThis as unknown as { __heraldMetrics?: Metrics };

export function metrics(): Metrics {
  if (!g.__heraldMetrics) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    g.__heraldMetrics = {
      registry,
      domainEvents: new Counter({
        name: "herald_domain_events_total",
        help: "Domain events published on the process bus, by event name",
        labelNames: ["event"],
        registers: [registry],
      }),
      websocketConnections: new Gauge({
        name: "websocket_connections_active",
        help: "Open realtime connections on this node",
        registers: [registry],
      }),
    };
  }
  return g.__heraldMetrics;
}
