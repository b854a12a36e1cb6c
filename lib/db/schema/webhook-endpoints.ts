// Outbound webhooks (Standard Webhooks): the URLs a tenant registers, the messages Herald owes
// them and every attempt to deliver one. Not the inbound provider callbacks (webhooks.ts).
import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tenantId, timeOrderedId, ts, updatedAt } from "./_columns";
import { tenants } from "./tenants";

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    url: text("url").notNull(),
    description: text("description").notNull().default(""),
    /** The event types it receives; null: every type of the catalog, present and future. */
    eventTypes: jsonb("event_types").$type<string[] | null>(),
    isEnabled: boolean("is_enabled").notNull().default(true),
    /** Why Herald disabled it (deliveries failing for days); null when enabled or disabled by an admin. */
    disabledReason: text("disabled_reason"),
    /** The signing secret (`whsec_…`), sealed with APP_SECRET and bound to the row. */
    secretSealed: text("secret_sealed").notNull(),
    /** The secret a rotation replaced: still signs alongside the new one until it expires. */
    previousSecretSealed: text("previous_secret_sealed"),
    previousSecretExpiresAt: ts("previous_secret_expires_at"),
    /** The first failed attempt since the last success (null: the last attempt succeeded). */
    failingSince: ts("failing_since"),
    lastSuccessAt: ts("last_success_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhook_endpoints_tenant_idx").on(t.tenantId, t.createdAt),
    index("webhook_endpoints_enabled_idx")
      .on(t.tenantId)
      .where(sql`${t.isEnabled}`),
  ],
);

export const webhookMessageStatuses = ["pending", "succeeded", "failed", "cancelled"] as const;
export type WebhookMessageStatus = (typeof webhookMessageStatuses)[number];
/** A message's status by name: waiting for its next attempt, answered 2xx, given up, or stopped. */
export const webhookMessage = {
  pending: webhookMessageStatuses[0],
  succeeded: webhookMessageStatuses[1],
  failed: webhookMessageStatuses[2],
  cancelled: webhookMessageStatuses[3],
} as const satisfies Record<WebhookMessageStatus, WebhookMessageStatus>;

/** One event owed to one endpoint; its id is the `webhook-id` every attempt carries. */
export const webhookMessages = pgTable(
  "webhook_messages",
  {
    id: text("id").primaryKey(),
    tenantId: tenantId(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    /** The exact JSON body signed and sent: every attempt sends the same bytes. */
    body: text("body").notNull(),
    status: text("status", { enum: webhookMessageStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_messages_endpoint_idx").on(t.endpointId, t.createdAt)],
);

export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: timeOrderedId(),
    tenantId: tenantId(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    messageId: text("message_id")
      .notNull()
      .references(() => webhookMessages.id, { onDelete: "cascade" }),
    eventType: text("event_type").notNull(),
    attempt: integer("attempt").notNull(),
    /** The receiver's status; null when no answer came (timeout, refused address, connection error). */
    responseStatus: integer("response_status"),
    durationMs: integer("duration_ms").notNull(),
    error: text("error"),
    /** The start of the receiver's answer, for the console (truncated). */
    responseBody: text("response_body"),
    createdAt: createdAt(),
  },
  (t) => [
    index("webhook_attempts_endpoint_idx").on(t.endpointId, t.createdAt.desc(), t.id.desc()),
    index("webhook_attempts_message_idx").on(t.messageId),
  ],
);
