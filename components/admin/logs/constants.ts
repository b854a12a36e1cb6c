// Values the console's log pages share.

/** How often the log tables and the notification drawer poll. */
export const LOG_LIVE_MS = 5_000;
