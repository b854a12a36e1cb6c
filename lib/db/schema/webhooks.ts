import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "./_columns";

/**
 * Provider webhook events already processed, so a provider's retry or replay is applied once:
 * Svix's message id for Resend, MessageSid:MessageStatus for Twilio (which sends no event id).
 */
export const webhookEvents = pgTable(
  "webhook_events",
  {
    provider: text("provider").notNull(),
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    deliveryId: uuid("delivery_id"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.provider, t.eventId] }),
    // Pruning old records (providers stop retrying after a few days).
    index("webhook_events_created_idx").on(t.createdAt),
  ],
);
