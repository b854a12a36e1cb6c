// The in-process bus the domain publishes to after commit; the realtime gateway and metrics listen.
import { EventEmitter } from "node:events";
import type { UserAnnouncementJson } from "./announcements/serialize";
import type { NotificationJson } from "./notifications/serialize";
import { processSingleton } from "./process-singleton";
import type { DeliveryStatus, WorkflowRunStatus } from "./vocabulary/enums";
import type { WebhookEventType } from "./vocabulary/webhook-events";

/**
 * Who an announcement event is for: the tenant, users by internal id (resolved when published), or
 * roles (matched against the users connected to a node).
 */
export type LiveAudience = { all: true } | { userIds: string[] } | { roles: string[] };

/** A deleted or recalled notification as live clients learn of it. */
export type Removal = { id: string; change_seq: number };

// Payloads carry what live clients need, so the gateway never queries the database per event.
export type DomainEvents = {
  "notification.created": {
    tenantId: string;
    userIds: string[];
    notificationIds: string[];
    batchId?: string;
    notifications: NotificationJson[];
  };
  "notification.updated": {
    tenantId: string;
    userId: string;
    notificationIds: string[];
    notifications: NotificationJson[];
    unreadCount: number;
    /** What the user did, when they did it (absent for other updates). */
    change?: "read" | "unread" | "seen" | "archive" | "unarchive" | "snooze" | "unsnooze";
  };
  "notification.deleted": {
    tenantId: string;
    userId: string;
    notificationIds: string[];
    removed: Removal[];
    unreadCount: number;
  };
  "notification.recalled": {
    tenantId: string;
    userId: string;
    notificationIds: string[];
    removed: Removal[];
    unreadCount: number;
  };
  "unread.changed": { tenantId: string; userId: string; count: number };
  "announcement.published": {
    tenantId: string;
    announcementId: string;
    audience: LiveAudience;
    announcement: UserAnnouncementJson;
  };
  "announcement.updated": {
    tenantId: string;
    announcementId: string;
    audience: LiveAudience;
    announcement: UserAnnouncementJson;
    /** Set when the audience changed: who no longer sees it is told it was removed. */
    previousAudience?: LiveAudience;
  };
  "announcement.removed": { tenantId: string; announcementId: string; audience: LiveAudience };
  /** Nodes reload the user's preferences if connected (live events' `silent`). */
  "preferences.changed": { tenantId: string; userId: string };
  /** Nodes drop the key from their API-key caches and close connections on tokens it minted. */
  "api_key.revoked": { tenantId: string; apiKeyId: string };
  /** A key's scopes changed: nodes drop it from their caches, so the new scopes apply at once. */
  "api_key.changed": { tenantId: string; apiKeyId: string };
  /** Nodes close the user's live connections (session and token ones alike). */
  "user.deleted": { tenantId: string; userId: string };
  /** Nodes close the tenant's token-authenticated connections: every token issued before is dead. */
  "tenant.token_secret_rotated": { tenantId: string };
  "health.checked": { healthy: boolean; failing?: string };
  /** A tracked email's first open or first click (`url`: the link followed). */
  "delivery.engaged": { tenantId: string; deliveryId: string; kind: "opened" | "clicked"; url?: string };
  /** Deliveries whose status a worker or a provider's report changed (outbound webhooks listen). */
  "delivery.status_changed": { changes: DeliveryChange[] };
  /** Runs that ended in a step batch (their tenant and workflow are read by who needs them). */
  "workflow_run.ended": { runs: { runId: string; status: WorkflowRunStatus }[] };
  /** A catalog event with no domain event of its own, for outbound webhooks (see publishWebhookEvent). */
  "webhook.event": { tenantId: string; type: WebhookEventType; data: Record<string, unknown> };
  /** A tenant's webhook endpoints changed: nodes drop them from their caches. */
  "webhook_endpoints.changed": { tenantId: string };
};

/** A delivery's new status; `opened` and `clicked` are engagement reports, not statuses of the row. */
export type DeliveryChange = {
  tenantId: string;
  deliveryId: string;
  status: DeliveryStatus | "opened" | "clicked";
};

/**
 * Events only the node where the change happened acts on: the realtime layer does not forward them
 * to other nodes (outbound webhooks record each once, where it was published).
 */
const NODE_LOCAL_EVENTS = new Set<string>([
  "delivery.status_changed",
  "delivery.engaged",
  "workflow_run.ended",
  "webhook.event",
]);
export function isNodeLocalEvent(name: string): boolean {
  return NODE_LOCAL_EVENTS.has(name);
}
export type DomainEventName = keyof DomainEvents;
export type DomainEvent = {
  [K in DomainEventName]: { name: K; payload: DomainEvents[K]; at: Date };
}[DomainEventName];

type Listener = (event: DomainEvent) => void;

class Bus {
  private readonly emitter = new EventEmitter({ captureRejections: false });
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish<K extends DomainEventName>(name: K, payload: DomainEvents[K]): void {
    const event = { name, payload, at: new Date() } as DomainEvent;
    for (const listener of this.emitter.listeners("event") as Listener[]) {
      // One failing listener must not stop the others, nor the publisher.
      try {
        listener(event);
      } catch (err) {
        this.emitter.emit("listener-error", err, event);
      }
    }
  }
  /** Subscribe to every event; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }
  onListenerError(handler: (err: unknown, event: DomainEvent) => void): void {
    this.emitter.on("listener-error", handler);
  }
  listenerCount(): number {
    return this.emitter.listenerCount("event");
  }
}

// One bus per process, whichever module copy publishes or listens.
export function bus(): Bus {
  return processSingleton("events.bus", () => new Bus());
}
