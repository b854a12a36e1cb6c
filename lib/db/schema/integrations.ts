import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, id, tenantId, updatedAt } from "./_columns";
import { tenants } from "./tenants";

/** Provider accounts per channel (Resend, SMTP, Twilio, Web Push, WeChat, dev outbox). */
export const integrations = pgTable(
  "integrations",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    channel: text("channel").notNull(),
    provider: text("provider").notNull(),
    name: text("name").notNull(),
    isActive: boolean("is_active").notNull().default(true),
    // The head of the channel's failover chain (kept equal to chain_position = 0).
    isDefault: boolean("is_default").notNull().default(false),
    // Place in the channel's failover chain, 0 first; null: not in the chain (never sends).
    chainPosition: integer("chain_position"),
    // Non-secret settings (from address, sender id...).
    config: jsonb("config").$type<Record<string, unknown>>().notNull().default({}),
    // AES-256-GCM ciphertext of the secret settings, keyed from APP_SECRET; never returned.
    secretsEncrypted: text("secrets_encrypted"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    index("integrations_tenant_channel_idx")
      .on(t.tenantId, t.channel)
      .where(sql`${t.deletedAt} is null`),
  ],
);

/** What the dev-outbox provider "sent", so development and tests need no provider account. */
export const devOutbox = pgTable(
  "dev_outbox",
  {
    id: id(),
    tenantId: tenantId(),
    deliveryId: uuid("delivery_id"),
    channel: text("channel").notNull(),
    to: text("to"),
    subject: text("subject"),
    body: text("body"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("dev_outbox_tenant_created_idx").on(t.tenantId, t.createdAt.desc())],
);
