import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "../db/client";
import type {
  NotificationChannel,
  NotificationPriority,
  NotificationStatus,
  NotificationType,
} from "../db/schema";

export type NewNotifications = {
  tenantId: string;
  /** Internal user ids (users.id); duplicates are collapsed. */
  userIds: string[];
  title: string;
  content: string;
  type: NotificationType;
  priority?: NotificationPriority;
  status?: NotificationStatus;
  channels?: NotificationChannel[];
  metadata?: Record<string, unknown>;
  batchId?: string | null;
  apiKeyId?: string | null;
  templateId?: string | null;
  templateVersion?: number | null;
  scheduledAt?: Date | null;
  sentAt?: Date | null;
};

export type InsertedNotification = { id: string; user_id: string; seq: number };

/**
 * Writes one notification per recipient in a single statement. Each user's counter row is bumped
 * in the same statement, so a user's `seq` values commit in order: a later send cannot become
 * visible with a lower seq than one already seen (the basis of gap-free resume).
 */
export async function insertNotifications(
  db: Executor,
  n: NewNotifications,
): Promise<InsertedNotification[]> {
  // Sorted: every writer locks counter rows in the same order, so concurrent sends cannot deadlock.
  const userIds = [...new Set(n.userIds)].sort();
  if (userIds.length === 0) return [];
  const channels = n.channels ?? ["app"];
  const result = await db.execute(sql`
    with counters as (
      insert into user_counters (user_id, tenant_id, notification_seq, change_seq)
      select u, ${n.tenantId}::uuid, 1, 1 from unnest(${sql.param(userIds)}::uuid[]) as u
      on conflict (user_id) do update
        set notification_seq = user_counters.notification_seq + 1, change_seq = user_counters.change_seq + 1
      returning user_id, notification_seq, change_seq
    )
    insert into notifications (tenant_id, user_id, seq, change_seq, batch_id, title, content, type, priority,
      status, channels, metadata, template_id, template_version, api_key_id, scheduled_at, sent_at)
    select ${n.tenantId}::uuid, c.user_id, c.notification_seq, c.change_seq, ${n.batchId ?? null}::uuid,
      ${n.title}, ${n.content}, ${n.type}, ${n.priority ?? "normal"}, ${n.status ?? "pending"},
      ${sql.param(channels)}::text[], ${JSON.stringify(n.metadata ?? {})}::jsonb, ${n.templateId ?? null}::uuid,
      ${n.templateVersion ?? null}::int, ${n.apiKeyId ?? null}::uuid, ${n.scheduledAt?.toISOString() ?? null}::timestamptz,
      ${n.sentAt?.toISOString() ?? null}::timestamptz
    from counters c
    returning id, user_id, seq`); // dates go as ISO strings: drizzle turns off postgres.js date encoding
  return rowsOf<InsertedNotification>(result).map((r) => ({ ...r, seq: Number(r.seq) }));
}
