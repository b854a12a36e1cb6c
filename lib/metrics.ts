// Prometheus metrics: one registry per process, whichever module copy records.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { processSingleton } from "./process-singleton";
import { getQueue } from "./queue/boss";

type Metrics = {
  registry: Registry;
  domainEvents: Counter<"event">;
  websocketConnections: Gauge;
  websocketMessages: Counter<"event">;
  deliveryLatency: Histogram;
  notificationSent: Counter<"channel" | "status">;
  channelDuration: Histogram<"channel">;
  providerCircuitState: Gauge<"provider" | "integration">;
  notificationsExpired: Counter;
  retentionDeleted: Counter<"table">;
  channelTotals: Record<"email_sent" | "email_failed" | "sms_sent" | "sms_failed", Counter>;
  httpRequestDuration: Histogram<"method" | "route" | "status">;
  databaseErrors: Counter<"source">;
  queueJobs: Gauge<"queue" | "state">;
  sendBatchSize: Histogram;
};

/** The states pg-boss counts per queue on its monitor pass, as the gauge's `state` label. */
const QUEUE_STATES = {
  ready: "readyCount",
  deferred: "deferredCount",
  active: "activeCount",
  failed: "failedCount",
} as const;

/** A scrape waits this long for the queue counts; past it the gauge keeps its last values. */
const QUEUE_READ_TIMEOUT_MS = 2000;

/**
 * Reads the per-queue counts pg-boss keeps in its queue table (refreshed by a worker's monitor pass,
 * every QUEUE_SUPERVISE_SECONDS): the same figures on every node, one cheap query per scrape.
 */
async function readQueueJobs(gauge: Gauge<"queue" | "state">, errors: Counter<"source">): Promise<void> {
  const boss = getQueue();
  if (!boss) return;
  try {
    const queues = await Promise.race([
      boss.getQueues(),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error("queue counts did not arrive in time")),
          QUEUE_READ_TIMEOUT_MS,
        ).unref(),
      ),
    ]);
    for (const q of queues)
      for (const [state, field] of Object.entries(QUEUE_STATES))
        gauge.set({ queue: q.name, state }, q[field]);
  } catch {
    errors.inc({ source: "queue" });
  }
}

export function metrics(): Metrics {
  return processSingleton("metrics", (): Metrics => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const databaseErrors = new Counter({
      name: "herald_database_errors_total",
      help: "Database calls that failed: requests and health checks it did not answer, the queue's own queries (source: api, health, queue)",
      labelNames: ["source"],
      registers: [registry],
    });
    return {
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
      // Operators' dashboards and alerts query these names: keep them stable.
      notificationSent: new Counter({
        name: "notification_sent_total",
        help: "Channel deliveries finished, by channel and outcome (sent, failed, skipped, cancelled)",
        labelNames: ["channel", "status"],
        registers: [registry],
      }),
      channelDuration: new Histogram({
        name: "notification_delivery_duration_seconds",
        help: "Time a provider took to accept one delivery attempt",
        labelNames: ["channel"],
        buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
      providerCircuitState: new Gauge({
        name: "herald_provider_circuit_state",
        help: "Circuit breaker of a provider instance in this process: 0 closed, 1 half-open, 2 open (integration: its id, or env)",
        labelNames: ["provider", "integration"],
        registers: [registry],
      }),
      notificationsExpired: new Counter({
        name: "herald_notifications_expired_total",
        help: "Notifications that reached their expires_at and left every inbox",
        registers: [registry],
      }),
      retentionDeleted: new Counter({
        name: "herald_retention_deleted_total",
        help: "Rows hard-deleted by retention, by table",
        labelNames: ["table"],
        registers: [registry],
      }),
      channelTotals: {
        email_sent: new Counter({
          name: "email_sent_total",
          help: "Emails accepted by the provider",
          registers: [registry],
        }),
        email_failed: new Counter({
          name: "email_failed_total",
          help: "Emails that failed for good",
          registers: [registry],
        }),
        sms_sent: new Counter({
          name: "sms_sent_total",
          help: "SMS accepted by the provider",
          registers: [registry],
        }),
        sms_failed: new Counter({
          name: "sms_failed_total",
          help: "SMS that failed for good",
          registers: [registry],
        }),
      },
      httpRequestDuration: new Histogram({
        name: "herald_http_request_duration_seconds",
        help: "REST API requests answered by a declared endpoint, until the response starts (route: its OpenAPI path)",
        labelNames: ["method", "route", "status"],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [registry],
      }),
      databaseErrors,
      sendBatchSize: new Histogram({
        name: "herald_send_batch_size",
        help: "Plain sends written by one statement (concurrent sends share a statement and a commit)",
        buckets: [1, 2, 4, 8, 16, 32, 64],
        registers: [registry],
      }),
      queueJobs: new Gauge({
        name: "herald_queue_jobs",
        help: "Jobs per queue and state (ready, deferred, active, failed) as pg-boss last counted them",
        labelNames: ["queue", "state"],
        registers: [registry],
        async collect() {
          await readQueueJobs(this, databaseErrors);
        },
      }),
    };
  });
}
