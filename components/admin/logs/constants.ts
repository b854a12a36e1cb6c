// The API's enums as the console's filters offer them (lib/db/schema holds the source of truth;
// the `satisfies` checks keep these lists to valid values without bundling server code).
import type { DeliveryStatus, NotificationChannel, NotificationStatus } from "@/lib/db/schema";

export const CHANNELS = [
  "app",
  "email",
  "sms",
  "push",
  "wechat",
] as const satisfies readonly NotificationChannel[];
export const EXTERNAL_CHANNELS = [
  "email",
  "sms",
  "push",
  "wechat",
] as const satisfies readonly NotificationChannel[];
export const NOTIFICATION_STATUSES = [
  "pending",
  "processing",
  "sent",
  "failed",
  "recalled",
  "cancelled",
] as const satisfies readonly NotificationStatus[];
export const DELIVERY_STATUSES = [
  "queued",
  "sending",
  "sent",
  "delivered",
  "bounced",
  "failed",
  "skipped",
  "cancelled",
] as const satisfies readonly DeliveryStatus[];
