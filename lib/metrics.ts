// Prometheus metrics: one registry per process, on globalThis so the server and route handlers share it.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

type Metrics = {
  registry: Registry;
  domainEvents: Counter<"event">;
  websocketConnections: Gauge;
  websocketMessages: Counter<"event">;
  deliveryLatency: Histogram;
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
      websocketMessages: new Counter({
        name: "websocket_messages_sent_total",
        help: "Realtime messages sent to clients on this node, by event",
        labelNames: ["event"],
        registers: [registry],
      }),
      deliveryLatency: new Histogram({
        name: "notification_delivery_latency_seconds",
        help: "From commit (the domain event) to the emit on a live connection",
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
        registers: [registry],
      }),
    };
  }
  return g.__heraldMetrics;
}
