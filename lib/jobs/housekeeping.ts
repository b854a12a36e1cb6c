import { lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { pruneWebhookEvents } from "../delivery/webhooks";
import { wakeOverdueSnoozes } from "../notifications/snooze";

export const HOUSEKEEPING_QUEUE = "housekeeping";
export const HOUSEKEEPING_CRON = "*/5 * * * *";

/**
 * Periodic clean-up: idempotency keys past their 24 h window, webhook event ids past 30 days, and
 * snoozes whose wake was lost.
 */
export async function runHousekeeping(
  db: Db,
  now = new Date(),
): Promise<{ idempotencyKeysDeleted: number; webhookEventsDeleted: number; snoozesWoken: number }> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  const webhookEventsDeleted = await pruneWebhookEvents(db);
  const snoozesWoken = await wakeOverdueSnoozes(db);
  return { idempotencyKeysDeleted: deleted.length, webhookEventsDeleted, snoozesWoken };
}
