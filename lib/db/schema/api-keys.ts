import { sql } from "drizzle-orm";
import { boolean, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tenantId, ts } from "./_columns";
import { tenants } from "./tenants";
import { users } from "./users";
import type { ApiKeyScope } from "../../vocabulary/scopes";

export { apiKeyScopes, type ApiKeyScope } from "../../vocabulary/scopes";

export const apiKeys = pgTable(
  "api_keys",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    name: text("name").notNull(),
    // The first characters of the key, shown in the console so a key can be recognised.
    prefix: text("prefix").notNull(),
    // SHA-256 of the whole key: keys are high-entropy, so a fast hash is the right tool.
    keyHash: text("key_hash").notNull(),
    scopes: text("scopes").array().$type<ApiKeyScope[]>().notNull(),
    // A super key (HERALD_API_KEY) may manage tenants.
    isSuper: boolean("is_super").notNull().default(false),
    createdBy: uuid("created_by").references(() => users.id),
    lastUsedAt: ts("last_used_at"),
    expiresAt: ts("expires_at"),
    revokedAt: ts("revoked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("api_keys_hash_key").on(t.keyHash),
    index("api_keys_tenant_idx")
      .on(t.tenantId, t.createdAt.desc())
      .where(sql`${t.revokedAt} is null`),
  ],
);
