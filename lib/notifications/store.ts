import { sql } from "drizzle-orm";
import { executePrepared, type Executor } from "../db/client";
import type {
  NotificationChannel,
  NotificationPriority,
  NotificationStatus,
  NotificationType,
} from "../db/schema";

export type NewNotifications = {
  tenantId: string;
  /** The recipients' user_id (external ids); unknown ones are created, duplicates collapsed. */
  externalIds: string[];
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

export type InsertedNotification = {
  id: string;
  user_id: string;
  external_id: string;
  seq: number;
  change_seq: number;
  created_at: Date;
};

/**
 * Writes one notification per recipient in ONE statement (atomic on its own, one round trip):
 * known users are found by join, unknown ones created, each recipient's counter row bumped, and
 * the rows inserted. The counter row is the per-user lock that makes `seq` values commit in order
 * (a later send cannot become visible with a lower seq than one already seen); counters are
 * locked in user-id order (and new users created in external-id order) so concurrent sends
 * cannot deadlock. The ids travel as one array
 * parameter: a list of 100,000 parameters would exceed PostgreSQL's limit.
 */
export async function insertNotifications(
  db: Executor,
  n: NewNotifications,
): Promise<InsertedNotification[]> {
  const externalIds = [...new Set(n.externalIds)].sort();
  if (externalIds.length === 0) return [];
  const channels = n.channels ?? ["app"];
  // Dates travel as ISO strings: drizzle turns off postgres.js's own date encoding.
  const rows = await executePrepared<InsertedNotification>(
    db,
    sql`
    with input as (select unnest(${sql.param(externalIds)}::text[]) as external_id),
    existing as (
      select u.id, u.external_id from users u join input i on u.external_id = i.external_id
      where u.tenant_id = ${n.tenantId}::uuid
    ),
    created as (
      insert into users (tenant_id, external_id)
      select ${n.tenantId}::uuid, i.external_id from input i
      where not exists (select 1 from existing e where e.external_id = i.external_id)
      -- In key order: concurrent sends creating the same new users wait on each other, never deadlock.
      order by i.external_id
      -- "do update" (not "do nothing") so a user created concurrently is still returned.
      on conflict (tenant_id, external_id) do update set external_id = excluded.external_id
      returning id, external_id
    ),
    recipients as (select id, external_id from existing union all select id, external_id from created),
    counters as (
      insert into user_counters (user_id, tenant_id, notification_seq, change_seq)
      select id, ${n.tenantId}::uuid, 1, 1 from recipients order by id
      on conflict (user_id) do update
        set notification_seq = user_counters.notification_seq + 1, change_seq = user_counters.change_seq + 1
      returning user_id, notification_seq, change_seq
    ),
    inserted as (
      insert into notifications (tenant_id, user_id, seq, change_seq, batch_id, title, content, type, priority,
        status, channels, metadata, template_id, template_version, api_key_id, scheduled_at, sent_at)
      select ${n.tenantId}::uuid, c.user_id, c.notification_seq, c.change_seq, ${n.batchId ?? null}::uuid,
        ${n.title}, ${n.content}, ${n.type}, ${n.priority ?? "normal"}, ${n.status ?? "pending"},
        ${sql.param(channels)}::text[], ${JSON.stringify(n.metadata ?? {})}::jsonb, ${n.templateId ?? null}::uuid,
        ${n.templateVersion ?? null}::int, ${n.apiKeyId ?? null}::uuid,
        ${n.scheduledAt?.toISOString() ?? null}::timestamptz, ${n.sentAt?.toISOString() ?? null}::timestamptz
      from counters c order by c.user_id
      returning id, user_id, seq, change_seq, created_at
    )
    select i.id, i.user_id, i.seq, i.change_seq, i.created_at, r.external_id
    from inserted i join recipients r on r.id = i.user_id`,
  );
  return rows.map((r) => ({
    ...r,
    seq: Number(r.seq),
    change_seq: Number(r.change_seq),
    created_at: new Date(r.created_at),
  }));
}
