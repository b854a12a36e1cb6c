// Values the console's log pages share. The enums themselves come from lib/db/schema (plain arrays
// next to the table definitions, bundled by other client components too).
import { notificationChannels } from "@/lib/db/schema/notifications";
import type { ExternalChannel } from "@/lib/delivery/types";

/** The channels that have deliveries and providers (all but in-app). */
export const EXTERNAL_CHANNELS = notificationChannels.filter((c): c is ExternalChannel => c !== "app");

/** How often the log tables and the notification drawer poll. */
export const LOG_LIVE_MS = 5_000;
