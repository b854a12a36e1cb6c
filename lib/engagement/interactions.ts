// A click on a notification's action in the inbox: its first one is recorded on the notification and
// counts as a click in the dashboard's engagement, beside tracked email clicks.
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { clock } from "../clock";
import type { Db } from "../db/client";
import { notifications } from "../db/schema";
import { getNotification, type Owner } from "../notifications/inbox";

export const interactionSchema = z.strictObject({
  action_id: z
    .string({ message: "must be a string" })
    .min(1, { message: "must not be empty" })
    .max(100, { message: "must be at most 100 characters" })
    .optional()
    .meta({ description: "Which action was clicked, when the notification offers more than one" }),
});

export const interactionResultSchema = z.object({
  interacted_at: z.iso.datetime({ offset: true }).meta({ description: "The first interaction" }),
});

/** Idempotent: the first interaction's time stays. Another user's notification is not found. */
export async function markInteracted(db: Db, owner: Owner, id: string): Promise<{ interactedAt: Date }> {
  const row = await getNotification(db, owner, id);
  if (row.interactedAt) return { interactedAt: row.interactedAt };
  const now = clock().now();
  const [first] = await db
    .update(notifications)
    .set({ interactedAt: now })
    .where(
      and(
        eq(notifications.id, id),
        eq(notifications.userId, owner.userId),
        eq(notifications.tenantId, owner.tenantId),
        isNull(notifications.interactedAt),
      ),
    )
    .returning({ at: notifications.interactedAt });
  if (first?.at) return { interactedAt: first.at };
  // Another request recorded it between the read and the update.
  return { interactedAt: (await getNotification(db, owner, id)).interactedAt ?? now };
}
