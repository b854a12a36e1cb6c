// Turns domain events into outbound webhook messages: one row per matching enabled endpoint, each
// with its `msg_…` id (the `webhook-id` of every attempt), and its delivery job in the same commit.
//
// Durability: the bus publishes after the change committed, and the message is written in a second
// transaction. A crash between the two loses that event's webhooks (the change itself stays): the
// price of keeping webhook writes out of every domain transaction, most of which no endpoint wants.
// Once written, a message is delivered at least once (its job commits with it; retries reuse its id).
// Other nodes never record an event: node-local events are not forwarded, and forwarded ones reach
// the realtime dispatcher only, not this node's bus.
import { randomBytes } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { JobInsert } from "pg-boss";
import { clock } from "../clock";
import { rowsOf, type Db } from "../db/client";
import { deliveries, users, workflowRuns, workflows } from "../db/schema";
import { bus, type DomainEvent, type DomainEvents } from "../events";
import { logger } from "../log";
import { processSingleton } from "../process-singleton";
import { insertJobs } from "../queue/deliveries";
import { endpointWants, isWebhookEventType, type WebhookEventType } from "../vocabulary/webhook-events";
import { enabledEndpointsOf, hasAnyEnabledEndpoint } from "./endpoints-cache";

export const WEBHOOK_QUEUE = "webhook-deliver";
export type WebhookJob = { messageId: string; attempt: number };

/** What a message's body says: Standard Webhooks' `{type, timestamp, data}`. */
export type WebhookEvent = { tenantId: string; type: string; data: Record<string, unknown> };

export function newMessageId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

/** One live job per message and attempt: a re-enqueue of a live one is a no-op. */
export function webhookJob(messageId: string, attempt: number, startAfter?: Date): JobInsert<WebhookJob> {
  return {
    data: { messageId, attempt },
    singletonKey: `${messageId}:${attempt}`,
    startAfter,
    // Herald schedules its own retries (see deliver.ts); pg-boss retries only a job whose worker died.
    retryLimit: 2,
    retryDelay: 30,
    expireInSeconds: 60,
  };
}

/**
 * Writes one message per endpoint (of the tenant, enabled, subscribed to the type; or exactly
 * `endpointIds`) and queues their first attempts. Returns the messages' ids.
 */
export async function recordWebhookEvent(
  db: Db,
  event: WebhookEvent,
  endpointIds?: string[],
): Promise<{ endpointId: string; messageId: string }[]> {
  return recordWebhookEvents(db, [event], endpointIds);
}

// Rows per INSERT: a send to thousands of recipients becomes a few statements, not thousands.
const RECORD_CHUNK = 1000;

/** Every event of one domain event in one transaction: one INSERT and one job insert per chunk. */
export async function recordWebhookEvents(
  db: Db,
  events: WebhookEvent[],
  endpointIds?: string[],
): Promise<{ endpointId: string; messageId: string }[]> {
  const values: { id: string; tenant_id: string; endpoint_id: string; event_type: string; body: string }[] =
    [];
  for (const event of events) {
    const targets =
      endpointIds ??
      (await enabledEndpointsOf(db, event.tenantId))
        .filter((e) => endpointWants(e.eventTypes, event.type))
        .map((e) => e.id);
    if (targets.length === 0) continue;
    const body = JSON.stringify({
      type: event.type,
      timestamp: clock().now().toISOString(),
      data: event.data,
    });
    for (const endpointId of targets) {
      values.push({
        id: newMessageId(),
        tenant_id: event.tenantId,
        endpoint_id: endpointId,
        event_type: event.type,
        body,
      });
    }
  }
  if (values.length === 0) return [];
  return db.transaction(async (tx) => {
    const out: { endpointId: string; messageId: string }[] = [];
    for (let i = 0; i < values.length; i += RECORD_CHUNK) {
      const chunk = values.slice(i, i + RECORD_CHUNK);
      // Only endpoints still enabled (the cache may be seconds old): a disabled endpoint gets nothing new.
      const written = rowsOf<{ id: string; endpoint_id: string }>(
        await tx.execute(sql`
          insert into webhook_messages (id, tenant_id, endpoint_id, event_type, body)
          select v.id, e.tenant_id, e.id, v.event_type, v.body
          from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
            as v(id text, tenant_id uuid, endpoint_id uuid, event_type text, body text)
          join webhook_endpoints e on e.id = v.endpoint_id and e.tenant_id = v.tenant_id and e.is_enabled
          returning id, endpoint_id`),
      );
      await insertJobs(
        tx,
        WEBHOOK_QUEUE,
        written.map((w) => webhookJob(w.id, 1)),
      );
      for (const w of written) out.push({ endpointId: w.endpoint_id, messageId: w.id });
    }
    return out;
  });
}

/**
 * For catalog events with no domain event of their own (an archive, an email opened): publish after
 * the change committed, on the node where it happened.
 */
export function publishWebhookEvent(
  tenantId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
): void {
  bus().publish("webhook.event", { tenantId, type, data });
}

const notificationData = (n: {
  id: string;
  user_id: string;
  type: string;
  priority: string;
  channels: string[];
  template_code: string | null;
  batch_id: string | null;
}) => ({
  notification_id: n.id,
  user_id: n.user_id,
  type: n.type,
  priority: n.priority,
  channels: n.channels,
  template_code: n.template_code,
  batch_id: n.batch_id,
});

async function externalIdOf(db: Db, tenantId: string, userId: string): Promise<string | null> {
  const [u] = await db
    .select({ externalId: users.externalId })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return u?.externalId ?? null;
}

/** Whether any endpoint of the tenant wants any of `types` (no query while the cache is warm). */
async function wantsAny(db: Db, tenantId: string, types: string[]): Promise<boolean> {
  const endpoints = await enabledEndpointsOf(db, tenantId);
  return endpoints.some((e) => types.some((t) => endpointWants(e.eventTypes, t)));
}

/** The inbox changes outbound webhooks hear of, with the catalog event and the time it carries. */
const webhookChanges: Partial<
  Record<
    NonNullable<DomainEvents["notification.updated"]["change"]>,
    { type: WebhookEventType; at: "read_at" | "seen_at" | "archived_at" }
  >
> = {
  read: { type: "notification.read", at: "read_at" },
  seen: { type: "notification.seen", at: "seen_at" },
  archive: { type: "notification.archived", at: "archived_at" },
};

/** The catalog events a domain event stands for; [] (and no query) when no endpoint wants them. */
export async function webhookEventsOf(db: Db, event: DomainEvent): Promise<WebhookEvent[]> {
  switch (event.name) {
    case "notification.created": {
      const { tenantId, notifications } = event.payload;
      if (!(await wantsAny(db, tenantId, [event.name]))) return [];
      return notifications.map((n) => ({ tenantId, type: event.name, data: notificationData(n) }));
    }
    case "notification.updated": {
      const { tenantId, change, notifications } = event.payload;
      const catalog = change ? webhookChanges[change] : undefined;
      if (!catalog) return [];
      const { type, at } = catalog;
      if (!(await wantsAny(db, tenantId, [type]))) return [];
      return notifications.map((n) => ({
        tenantId,
        type,
        data: { ...notificationData(n), [at]: n[at] },
      }));
    }
    case "notification.deleted": {
      const { tenantId, userId, notificationIds } = event.payload;
      if (!(await wantsAny(db, tenantId, [event.name]))) return [];
      const user_id = await externalIdOf(db, tenantId, userId);
      return notificationIds.map((id) => ({
        tenantId,
        type: event.name,
        data: { notification_id: id, user_id },
      }));
    }
    case "announcement.published": {
      const { tenantId, announcement: a } = event.payload;
      if (!(await wantsAny(db, tenantId, [event.name]))) return [];
      const data = {
        announcement_id: a.id,
        type: a.type,
        severity: a.severity,
        published_at: a.published_at,
      };
      return [{ tenantId, type: event.name, data }];
    }
    case "delivery.status_changed":
      return deliveryEvents(db, event.payload.changes);
    case "delivery.engaged": {
      const { tenantId, deliveryId, kind } = event.payload;
      return deliveryEvents(db, [{ tenantId, deliveryId, status: kind }]);
    }
    case "workflow_run.ended":
      return runEvents(db, event.payload.runs);
    case "webhook.event":
      return [{ tenantId: event.payload.tenantId, type: event.payload.type, data: event.payload.data }];
    default:
      return [];
  }
}

async function deliveryEvents(
  db: Db,
  changes: { tenantId: string; deliveryId: string; status: string }[],
): Promise<WebhookEvent[]> {
  const wanted: typeof changes = [];
  for (const c of changes) {
    const type = `delivery.${c.status}`;
    if (isWebhookEventType(type) && (await wantsAny(db, c.tenantId, [type]))) wanted.push(c);
  }
  if (wanted.length === 0) return [];
  const rows = await db
    .select({
      id: deliveries.id,
      tenantId: deliveries.tenantId,
      channel: deliveries.channel,
      provider: deliveries.provider,
      notificationId: deliveries.notificationId,
      announcementId: deliveries.announcementId,
      reason: deliveries.reason,
      userId: users.externalId,
    })
    .from(deliveries)
    .leftJoin(users, eq(users.id, deliveries.userId))
    .where(
      inArray(
        deliveries.id,
        wanted.map((c) => c.deliveryId),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return wanted.flatMap((c) => {
    const d = byId.get(c.deliveryId);
    if (!d || d.tenantId !== c.tenantId) return [];
    const data = {
      delivery_id: d.id,
      channel: d.channel,
      status: c.status,
      provider: d.provider,
      notification_id: d.notificationId,
      announcement_id: d.announcementId,
      user_id: d.userId,
      reason: d.reason,
    };
    return [{ tenantId: c.tenantId, type: `delivery.${c.status}`, data }];
  });
}

async function runEvents(db: Db, runs: { runId: string; status: string }[]): Promise<WebhookEvent[]> {
  const ended = runs.filter((r) => isWebhookEventType(`workflow_run.${r.status}`));
  // Without a tenant in the event, the deployment-wide check keeps it free where nobody listens.
  if (ended.length === 0 || !(await hasAnyEnabledEndpoint(db))) return [];
  const rows = await db
    .select({
      id: workflowRuns.id,
      tenantId: workflowRuns.tenantId,
      workflowKey: workflows.key,
      triggerId: workflowRuns.triggerId,
      userId: users.externalId,
    })
    .from(workflowRuns)
    .innerJoin(workflows, eq(workflows.id, workflowRuns.workflowId))
    .leftJoin(users, eq(users.id, workflowRuns.userId))
    .where(
      inArray(
        workflowRuns.id,
        ended.map((r) => r.runId),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: WebhookEvent[] = [];
  for (const r of ended) {
    const run = byId.get(r.runId);
    const type = `workflow_run.${r.status}`;
    if (!run || !(await wantsAny(db, run.tenantId, [type]))) continue;
    out.push({
      tenantId: run.tenantId,
      type,
      data: {
        run_id: run.id,
        workflow_key: run.workflowKey,
        trigger_id: run.triggerId,
        user_id: run.userId,
        status: r.status,
      },
    });
  }
  return out;
}

type RecorderState = { pending: Set<Promise<void>>; stop?: () => void };
const recorder = () =>
  processSingleton("outbound-webhooks.recorder", (): RecorderState => ({ pending: new Set() }));

/** Listens to the bus on this node (every role: events happen on web and worker nodes alike). */
export function startWebhookRecorder(getDb: () => Db): () => void {
  const state = recorder();
  state.stop?.();
  const unsubscribe = bus().subscribe((event) => {
    const work = (async () => {
      const db = getDb();
      await recordWebhookEvents(db, await webhookEventsOf(db, event));
    })()
      .catch((err: unknown) => logger().error({ err, event: event.name }, "webhook messages not recorded"))
      .finally(() => state.pending.delete(work));
    state.pending.add(work);
  });
  state.stop = () => {
    unsubscribe();
    state.stop = undefined;
  };
  return state.stop;
}

/** Resolves once every event heard so far is recorded (tests, and a graceful shutdown). */
export async function webhookRecorderIdle(): Promise<void> {
  const state = recorder();
  while (state.pending.size > 0) await Promise.all([...state.pending]);
}
