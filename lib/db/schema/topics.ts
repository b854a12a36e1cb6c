import { sql } from "drizzle-orm";
import { check, index, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tenantId, timeOrderedId, updatedAt } from "./_columns";
import { tenants } from "./tenants";
import { users } from "./users";

/** A named group of users a trigger can address at once (`{ "topic": "project-42" }`). */
export const topics = pgTable(
  "topics",
  {
    id: timeOrderedId(),
    tenantId: tenantId().references(() => tenants.id),
    // The calling service's own name for the group; unique per tenant, never changed (a rename changes `name`).
    key: text("key").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("topics_tenant_key_key").on(t.tenantId, t.key),
    check("topics_key_format", sql`${t.key} ~ '^[a-z0-9_.:-]{1,128}$'`),
  ],
);

/**
 * One row per (topic, user). Subscribers are listed, and fanned out to, in user_id order: the primary
 * key's own order, so a page after a cursor is one index range scan and a resumed fan-out continues
 * exactly where it stopped. Users are soft-deleted, so deleting one removes their rows explicitly
 * (lib/users/service.ts); deleting a topic removes its rows by cascade.
 */
export const topicSubscribers = pgTable(
  "topic_subscribers",
  {
    topicId: uuid("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tenantId: tenantId(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.topicId, t.userId] }),
    // A user's topics (GET /users/{user_id}/topics, and removing them when the user is deleted).
    index("topic_subscribers_user_idx").on(t.userId, t.topicId),
  ],
);
