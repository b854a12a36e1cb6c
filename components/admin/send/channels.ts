// How the console names each channel, in the order it lists them (shared by the send composer, the
// template and announcement editors and the dashboard).
import type { NotificationChannel } from "@/lib/db/schema/notifications";

export const channelLabel: Record<NotificationChannel, string> = {
  app: "In-app",
  email: "Email",
  sms: "SMS",
  push: "Push",
  wechat: "WeChat",
};

export const CHANNELS = Object.keys(channelLabel) as NotificationChannel[];

/** A channel's label; the value itself for one the console does not know (figures from the API). */
export const channelName = (channel: string): string =>
  channelLabel[channel as NotificationChannel] ?? channel;
