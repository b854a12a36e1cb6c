// Mobile push device tokens (FCM registration tokens, APNs device tokens), one row per app install.
import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, tenantId, ts } from "./_columns";
import { users } from "./users";

export const pushDevicePlatforms = ["fcm", "apns"] as const;
export type PushDevicePlatform = (typeof pushDevicePlatforms)[number];

export const pushDevices = pgTable(
  "push_devices",
  {
    id: id(),
    tenantId: tenantId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    platform: text("platform", { enum: pushDevicePlatforms }).notNull(),
    token: text("token").notNull(),
    /** The app's id (Android package, iOS bundle id); for APNs the topic its pushes go to. */
    appId: text("app_id"),
    createdAt: createdAt(),
    lastSeenAt: ts("last_seen_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("push_devices_token_key").on(t.tenantId, t.platform, t.token),
    index("push_devices_user_idx").on(t.tenantId, t.userId),
  ],
);
