import { jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tenantId, ts, updatedAt } from "./_columns";
import { users } from "./users";

/** Per-user delivery choices. */
export const preferences = pgTable("preferences", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id),
  tenantId: tenantId(),
  // notification type -> channels, e.g. {"info": ["app"], "system": ["app", "email"]}
  channelsByType: jsonb("channels_by_type").$type<Record<string, string[]>>().notNull().default({}),
  disabledChannels: text("disabled_channels").array().notNull().default([]),
  // "HH:MM" in the user's timezone; the window may cross midnight.
  dndStart: text("dnd_start"),
  dndEnd: text("dnd_end"),
  timezone: text("timezone"),
  muteUntil: ts("mute_until"),
  updatedAt: updatedAt(),
});
