import { lt } from "drizzle-orm";
import type { Executor } from "../db/client";
import { idempotencyKeys } from "../db/schema";

export const HOUSEKEEPING_QUEUE = "housekeeping";
export const HOUSEKEEPING_CRON = "*/5 * * * *";

/** Periodic clean-up: idempotency keys past their 24 h window. */
export async function runHousekeeping(
  db: Executor,
  now = new Date(),
): Promise<{ idempotencyKeysDeleted: number }> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.expiresAt, now))
    .returning({ key: idempotencyKeys.key });
  return { idempotencyKeysDeleted: deleted.length };
}
