import { bigserial, index, jsonb, pgTable, primaryKey, text, integer } from "drizzle-orm/pg-core";
import { createdAt, tenantId, ts } from "./_columns";

/** Who changed what, through the console or the API. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    tenantId: tenantId(),
    actorType: text("actor_type").notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    ip: text("ip"),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_tenant_created_idx").on(t.tenantId, t.createdAt.desc())],
);

/** Replays of a send with the same Idempotency-Key (Stripe semantics, 24 h). */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: tenantId(),
    // The API key (or user) the key belongs to: keys are scoped per caller.
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    // processing until the first request finishes; completed with its response afterwards.
    state: text("state").notNull().default("processing"),
    responseStatus: integer("response_status"),
    responseBody: jsonb("response_body"),
    createdAt: createdAt(),
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.scope, t.key] }),
    index("idempotency_keys_expires_idx").on(t.expiresAt),
  ],
);
