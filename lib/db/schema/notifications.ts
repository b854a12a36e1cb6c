import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
  varchar,
} from "drizzle-orm/pg-core";
import {
  deliveryStatuses,
  notificationChannels,
  notificationPriorities,
  notificationStatuses,
  notificationTypes,
} from "../../vocabulary/enums";
import { MAX_GROUP_KEY, MAX_NOTIFICATION_TITLE } from "../../vocabulary/limits";
import type { NotificationAction } from "../../vocabulary/actions";
import { createdAt, deletedAt, tenantId, timeOrderedId, ts, updatedAt } from "./_columns";

// The enums live in lib/vocabulary (browser-safe); re-exported for the server modules that read
// them with the tables.
export {
  deliveryStatuses,
  notificationChannels,
  notificationPriorities,
  notificationStatuses,
  notificationTypes,
  type DeliveryStatus,
  type NotificationChannel,
  type NotificationPriority,
  type NotificationStatus,
  type NotificationType,
} from "../../vocabulary/enums";

/**
 * One row per recipient.
 * No foreign keys here or on deliveries: PostgreSQL checks them row by row with triggers, which
 * took ~45 % of a fan-out's time. The rows they point at are written in the same transaction
 * (users are ensured before their notifications) and are never hard-deleted (soft delete only).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: timeOrderedId(),
    tenantId: tenantId(),
    userId: uuid("user_id").notNull(),
    // Position in the user's own stream; gap-free resume replays by it.
    seq: bigint("seq", { mode: "number" }).notNull(),
    // Advanced on every change (read, unread, delete, recall) so changes replay too.
    changeSeq: bigint("change_seq", { mode: "number" }).notNull(),
    // All rows written by one send request share it.
    batchId: uuid("batch_id"),
    // Rows of a user sharing it fold into one inbox row (null: a group of its own).
    groupKey: varchar("group_key", { length: MAX_GROUP_KEY }),
    title: varchar("title", { length: MAX_NOTIFICATION_TITLE }).notNull(),
    content: text("content").notNull(),
    type: text("type", { enum: notificationTypes }).notNull(),
    priority: text("priority", { enum: notificationPriorities }).notNull().default("normal"),
    status: text("status", { enum: notificationStatuses }).notNull().default("pending"),
    channels: text("channels", { enum: notificationChannels })
      .array()
      .notNull()
      .default(sql`'{app}'::text[]`),
    metadata: jsonb("metadata").$type<Record<string, unknown>>().notNull().default({}),
    templateId: uuid("template_id"),
    templateVersion: integer("template_version"),
    // A template send's params: channel messages are rendered from them at delivery time.
    templateParams: jsonb("template_params").$type<Record<string, unknown>>(),
    apiKeyId: uuid("api_key_id"),
    scheduledAt: ts("scheduled_at"),
    sentAt: ts("sent_at"),
    readAt: ts("read_at"),
    seenAt: ts("seen_at"),
    recalledAt: ts("recalled_at"),
    // The first click on its action in the inbox: counts as clicked in the dashboard's engagement.
    interactedAt: ts("interacted_at"),
    // Rich content of a send: up to MAX_ACTIONS buttons, an https image and the actor's avatar.
    actions: jsonb("actions").$type<NotificationAction[]>(),
    imageUrl: text("image_url"),
    avatar: text("avatar"),
    // Out of the default inbox (its Archived tab) until unarchived.
    archivedAt: ts("archived_at"),
    // Hidden until this time; the snooze job clears it and brings the row back unread.
    snoozedUntil: ts("snoozed_until"),
    // Gone from the inbox at this time: the expiry job (or its sweep) sets status expired.
    expiresAt: ts("expires_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    // Inbox pages, keyset cursors and inbox totals (index-only counts): a user's visible
    // notifications by position. User ids are tenant-specific, so tenant_id need not lead. Every
    // index here costs every fan-out row. (seq is unique per user by construction: user_counters.)
    index("notifications_visible_idx")
      .on(t.userId, t.seq)
      .where(sql`${t.deletedAt} is null and ${t.status} in ('processing','sent','failed')`),
    // The default inbox (neither archived nor snoozed): its pages and totals stay index-only.
    index("notifications_inbox_idx")
      .on(t.userId, t.seq)
      .where(
        sql`${t.deletedAt} is null and ${t.status} in ('processing','sent','failed') and ${t.archivedAt} is null and ${t.snoozedUntil} is null`,
      ),
    // Grouped inbox pages, a group's members and its mark-read: only keyed rows of the default inbox.
    index("notifications_inbox_group_idx")
      .on(t.userId, t.groupKey, t.seq)
      .where(
        sql`${t.groupKey} is not null and ${t.deletedAt} is null and ${t.status} in ('processing','sent','failed') and ${t.archivedAt} is null and ${t.snoozedUntil} is null`,
      ),
    // The Archived tab; new rows are never archived, so a send adds nothing to it.
    index("notifications_archived_idx")
      .on(t.userId, t.seq)
      .where(
        sql`${t.deletedAt} is null and ${t.status} in ('processing','sent','failed') and ${t.archivedAt} is not null`,
      ),
    // Unread badge: only unread rows of the default inbox are indexed, so the count stays small to scan.
    index("notifications_unread_idx")
      .on(t.tenantId, t.userId)
      .where(
        sql`${t.readAt} is null and ${t.deletedAt} is null and ${t.status} in ('processing','sent','failed') and ${t.archivedAt} is null and ${t.snoozedUntil} is null`,
      ),
    // The unseen badge (tenants whose badge counts unseen), by the same rule.
    index("notifications_unseen_idx")
      .on(t.tenantId, t.userId)
      .where(
        sql`${t.seenAt} is null and ${t.deletedAt} is null and ${t.status} in ('processing','sent','failed') and ${t.archivedAt} is null and ${t.snoozedUntil} is null`,
      ),
    // Replay of changes after a reconnect.
    index("notifications_changes_idx").on(t.userId, t.changeSeq),
    // Due scheduled sends.
    index("notifications_due_idx")
      .on(t.scheduledAt)
      .where(sql`${t.status} = 'pending' and ${t.scheduledAt} is not null`),
    // The sweep for snoozes whose wake job was lost; few rows are snoozed at any time.
    index("notifications_snoozed_idx")
      .on(t.snoozedUntil)
      .where(sql`${t.snoozedUntil} is not null and ${t.deletedAt} is null`),
    // Due expiries (the sweep behind the per-send job); rows without expires_at cost a fan-out nothing.
    index("notifications_expiry_idx")
      .on(t.expiresAt)
      .where(
        sql`${t.expiresAt} is not null and ${t.deletedAt} is null and ${t.status} in ('pending','processing','sent','failed')`,
      ),
    // Console lists and tenant-wide stats.
    index("notifications_tenant_created_idx").on(t.tenantId, t.createdAt.desc()),
    index("notifications_batch_idx")
      .on(t.batchId)
      .where(sql`${t.batchId} is not null`),
  ],
);

/**
 * The send log: one row per (notification, channel), per (announcement, user, channel) for an
 * announcement's extra channels, or per workflow run step on an external channel (those two have
 * no notification row: the inbox stays clean).
 */
export const deliveries = pgTable(
  "deliveries",
  {
    id: timeOrderedId(),
    tenantId: tenantId(),
    notificationId: uuid("notification_id"),
    announcementId: uuid("announcement_id"),
    // A workflow run's external channel step: no notification row, its message is the step's.
    workflowRunId: uuid("workflow_run_id"),
    workflowStepId: text("workflow_step_id"),
    userId: uuid("user_id").notNull(),
    channel: text("channel", { enum: notificationChannels }).notNull(),
    provider: text("provider"),
    integrationId: uuid("integration_id"),
    destination: text("destination"),
    // A chat delivery's named chat targets (keys), sent besides the recipient's own destinations.
    chatTargets: text("chat_targets").array(),
    status: text("status", { enum: deliveryStatuses }).notNull().default("queued"),
    // Why a delivery was skipped or failed, in a stable machine-readable word (e.g. no_address).
    reason: text("reason"),
    attempts: integer("attempts").notNull().default(0),
    // Attempts made on the provider in `integration_id`/`provider` (its own retry budget in a chain).
    providerAttempts: integer("provider_attempts").notNull().default(0),
    lastError: text("last_error"),
    providerMessageId: text("provider_message_id"),
    jobId: uuid("job_id"),
    deferredUntil: ts("deferred_until"),
    sentAt: ts("sent_at"),
    deliveredAt: ts("delivered_at"),
    failedAt: ts("failed_at"),
    // Open and click tracking (a tenant setting): the links a tracked email contained, in the order
    // of their /t/c tokens' indexes (a token leads only to one of these), and the first open and click.
    trackedLinks: jsonb("tracked_links").$type<string[]>(),
    openedAt: ts("opened_at"),
    clickedAt: ts("clicked_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("deliveries_notification_channel_key").on(t.notificationId, t.channel),
    // An announcement batch that runs twice writes nothing twice; also its progress counts.
    uniqueIndex("deliveries_announcement_user_channel_key")
      .on(t.announcementId, t.userId, t.channel)
      .where(sql`${t.announcementId} is not null`),
    // A step that runs twice writes its delivery once (the step row's key guards it first).
    uniqueIndex("deliveries_workflow_step_key")
      .on(t.workflowRunId, t.workflowStepId)
      .where(sql`${t.workflowRunId} is not null`),
    check(
      "deliveries_source_check",
      sql`num_nonnulls(${t.notificationId}, ${t.announcementId}, ${t.workflowRunId}) = 1`,
    ),
    index("deliveries_tenant_created_idx").on(t.tenantId, t.createdAt.desc(), t.id.desc()),
    index("deliveries_tenant_status_idx").on(t.tenantId, t.status, t.createdAt.desc()),
    index("deliveries_provider_message_idx")
      .on(t.provider, t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    index("deliveries_queued_idx")
      .on(t.updatedAt)
      .where(sql`${t.status} in ('queued','sending')`),
  ],
);
