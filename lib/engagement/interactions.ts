// A click on a notification's action in the inbox: its first one is recorded on the notification and
// counts as a click in the dashboard's engagement, beside tracked email clicks. A click on one of
// its action buttons is also told to outbound webhooks and written to the audit log (the console's
// notification timeline reads it there).
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { audit } from "../audit";
import { clock } from "../clock";
import type { Db } from "../db/client";
import { notifications } from "../db/schema";
import { invalid } from "../errors";
import { getNotification, type Owner } from "../notifications/inbox";
import type { NotificationRow } from "../notifications/serialize";
import { publishWebhookEvent } from "../outbound-webhooks/recorder";
import { MAX_ACTION_ID } from "../vocabulary/actions";

/** The audit action (and timeline entry) of a click on an action button. */
export const INTERACTED_AUDIT_ACTION = "notification.interacted";

export const interactionSchema = z.strictObject({
  action_id: z
    .string({ message: "must be a string" })
    .min(1, { message: "must not be empty" })
    .max(MAX_ACTION_ID, { message: `must be at most ${MAX_ACTION_ID} characters` })
    .optional()
    .meta({ description: "Which of the notification's `actions` was clicked (its `id`)" }),
});
export type InteractionInput = z.infer<typeof interactionSchema>;

export const interactionResultSchema = z.object({
  interacted_at: z.iso.datetime({ offset: true }).meta({ description: "The first interaction" }),
});

/**
 * Idempotent for `interacted_at`: the first interaction's time stays. A click on an action (its id
 * must be one of the row's actions) is told to webhooks and the audit log every time. Another user's
 * notification is not found.
 */
export async function markInteracted(
  db: Db,
  owner: Owner,
  id: string,
  input: InteractionInput = {},
): Promise<{ interactedAt: Date }> {
  const row = await getNotification(db, owner, id);
  const actionId = input.action_id;
  if (actionId !== undefined && !(row.actions ?? []).some((a) => a.id === actionId))
    throw invalid("Invalid action_id", [
      { field: "action_id", message: "is not one of the notification's actions" },
    ]);
  const interactedAt = row.interactedAt ?? (await recordFirst(db, owner, id));
  if (actionId !== undefined) await recordActionClick(db, owner, row, actionId, interactedAt);
  return { interactedAt };
}

async function recordFirst(db: Db, owner: Owner, id: string): Promise<Date> {
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
  if (first?.at) return first.at;
  // Another request recorded it between the read and the update.
  return (await getNotification(db, owner, id)).interactedAt ?? now;
}

async function recordActionClick(
  db: Db,
  owner: Owner,
  row: NotificationRow,
  actionId: string,
  interactedAt: Date,
): Promise<void> {
  const clickedAt = clock().now().toISOString();
  await audit(
    db,
    owner.tenantId,
    { type: "user", id: owner.userId },
    INTERACTED_AUDIT_ACTION,
    { type: "notification", id: row.id },
    { action_id: actionId, user_id: row.externalUserId, clicked_at: clickedAt },
  );
  publishWebhookEvent(owner.tenantId, "notification.interacted", {
    notification_id: row.id,
    user_id: row.externalUserId,
    type: row.type,
    priority: row.priority,
    channels: row.channels,
    template_code: row.templateCode,
    batch_id: row.batchId,
    action_id: actionId,
    interacted_at: interactedAt.toISOString(),
    clicked_at: clickedAt,
  });
}
