// One row per provider attempt of a delivery: which provider of the chain it went to and how it ended.
import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tenantId, timeOrderedId, ts } from "./_columns";
import { deliveries } from "./notifications";

// skipped: targets an attempt left out (mobile devices of a platform the tenant sends none to).
export const deliveryAttemptOutcomes = ["sent", "retry", "failover", "failed", "skipped"] as const;
export type DeliveryAttemptOutcome = (typeof deliveryAttemptOutcomes)[number];

export const deliveryAttempts = pgTable(
  "delivery_attempts",
  {
    id: timeOrderedId(),
    tenantId: tenantId(),
    deliveryId: uuid("delivery_id")
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    attempt: integer("attempt").notNull(),
    provider: text("provider").notNull(),
    integrationId: uuid("integration_id"),
    outcome: text("outcome", { enum: deliveryAttemptOutcomes }).notNull(),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    startedAt: ts("started_at").notNull(),
    endedAt: ts("ended_at").notNull(),
  },
  (t) => [
    index("delivery_attempts_delivery_idx").on(t.deliveryId, t.attempt),
    // An integration's last failure, for its health on the console.
    index("delivery_attempts_integration_failed_idx")
      .on(t.integrationId, t.endedAt.desc())
      .where(sql`${t.outcome} <> 'sent'`),
  ],
);
