import { pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { chatProviders } from "../../vocabulary/chat";
import { createdAt, id, tenantId, updatedAt } from "./_columns";
import { tenants } from "./tenants";

/**
 * A tenant's named chat destinations (a team's channel), which a send or a workflow step addresses
 * by key. The webhook URL (a credential) and any signing secret are sealed, bound to the row.
 */
export const chatTargets = pgTable(
  "chat_targets",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    key: text("key").notNull(),
    name: text("name").notNull(),
    provider: text("provider", { enum: chatProviders }).notNull(),
    // A Slack channel id for the tenant's Slack bot: not a secret.
    channel: text("channel"),
    secretsEncrypted: text("secrets_encrypted"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("chat_targets_tenant_key").on(t.tenantId, t.key)],
);
