import { sql } from "drizzle-orm";
import { bigint, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, id, tenantId, ts, updatedAt } from "./_columns";
import { userRoles } from "../../vocabulary/enums";
import { tenants } from "./tenants";

export { userRoles, type UserRole } from "../../vocabulary/enums";

export const users = pgTable(
  "users",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    // The `user_id` of the REST API: the calling service's own identifier for the person.
    externalId: text("external_id").notNull(),
    email: text("email"),
    phone: text("phone"),
    name: text("name"),
    locale: text("locale"),
    timezone: text("timezone"),
    role: text("role", { enum: userRoles }).notNull().default("user"),
    passwordHash: text("password_hash"),
    wechatOpenid: text("wechat_openid"),
    // The user's chat destinations per app (lib/chat), sealed as one JSON value bound to the row.
    chatEncrypted: text("chat_encrypted"),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    lastSeenAt: ts("last_seen_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    uniqueIndex("users_tenant_external_key").on(t.tenantId, t.externalId),
    index("users_tenant_email_idx").on(t.tenantId, sql`lower(${t.email})`),
    index("users_tenant_created_idx").on(t.tenantId, t.createdAt.desc()),
  ],
);

/**
 * Sign-in identities at OAuth providers, linked to a user by the provider's own stable account id:
 * never by email, which the user (or a service with users:write) can change.
 */
export const userIdentities = pgTable(
  "user_identities",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    provider: text("provider").notNull(),
    providerAccountId: text("provider_account_id").notNull(),
    // The address the provider vouched for at the first sign-in (informational only).
    email: text("email"),
    createdAt: createdAt(),
    lastUsedAt: ts("last_used_at"),
  },
  (t) => [
    uniqueIndex("user_identities_provider_account_key").on(t.provider, t.providerAccountId),
    index("user_identities_user_idx").on(t.userId),
  ],
);

/**
 * Per-user sequence counters, kept apart from `users` so a fan-out updates narrow rows.
 * `notification_seq` orders a user's notifications; `change_seq` orders every change to them,
 * so a client that was away can replay exactly what it missed.
 */
export const userCounters = pgTable("user_counters", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  tenantId: tenantId(),
  notificationSeq: bigint("notification_seq", { mode: "number" }).notNull().default(0),
  changeSeq: bigint("change_seq", { mode: "number" }).notNull().default(0),
});
