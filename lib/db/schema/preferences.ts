import { jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { tenantId, ts, updatedAt } from "./_columns";
import { users } from "./users";
import type { DigestWindow } from "./workflows";
import type { NotificationChannel } from "../../vocabulary/enums";

/** A user's choice for one workflow or one category of workflows. */
export type WorkflowChoice = {
  /** False: nothing from it, in-app included. */
  enabled: boolean;
  /** The channels it may use (in-app is `app`); absent: every channel its steps name. */
  channels?: NotificationChannel[];
  /** The user's own digest cadence, for digest steps that allow it (allow_user_cadence). */
  digest?: DigestWindow;
};

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
  // workflow key -> {"enabled": bool, "channels"?: [...]}, and the same per workflow category
  workflows: jsonb("workflows").$type<Record<string, WorkflowChoice>>().notNull().default({}),
  categories: jsonb("categories").$type<Record<string, WorkflowChoice>>().notNull().default({}),
  updatedAt: updatedAt(),
});
