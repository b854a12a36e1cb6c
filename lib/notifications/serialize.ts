// The one JSON shape of a notification, used by REST, Socket.IO and the plain WebSocket alike.
import { getTableColumns } from "drizzle-orm";
import { z } from "zod";
import { actionStyles } from "../vocabulary/actions";
import {
  notificationChannels,
  notificationPriorities,
  notifications,
  notificationStatuses,
  notificationTypes,
  templates,
  users,
} from "../db/schema";

/** Columns to select for notificationJson: the row plus the recipient's user_id and template code. */
export const notificationColumns = {
  ...getTableColumns(notifications),
  externalUserId: users.externalId,
  templateCode: templates.code,
};

export type NotificationRow = typeof notifications.$inferSelect & {
  externalUserId: string;
  templateCode: string | null;
};

const dateTime = z.iso.datetime({ offset: true });

export const notificationSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int().meta({ description: "Position in the recipient's own stream" }),
    change_seq: z.number().int().meta({
      description:
        "Position of the latest change in the recipient's change stream; realtime clients resume after it",
    }),
    user_id: z.string().meta({ description: "The recipient, as your service identifies them" }),
    tenant_id: z.uuid(),
    title: z.string(),
    content: z.string(),
    type: z.enum(notificationTypes),
    priority: z.enum(notificationPriorities),
    status: z.enum(notificationStatuses),
    channels: z.array(z.enum(notificationChannels)),
    metadata: z.record(z.string(), z.unknown()),
    template_code: z.string().nullable(),
    batch_id: z.uuid().nullable().meta({ description: "Shared by every row of one send request" }),
    group_key: z
      .string()
      .nullable()
      .meta({ description: "The recipient's notifications with the same key fold into one inbox row" }),
    created_at: dateTime,
    scheduled_at: dateTime.nullable(),
    sent_at: dateTime.nullable(),
    read_at: dateTime.nullable(),
    seen_at: dateTime.nullable(),
    recalled_at: dateTime.nullable(),
    archived_at: dateTime.nullable().meta({
      description: "Set while archived: out of the default list and the badge, in the Archived view",
    }),
    snoozed_until: dateTime.nullable().meta({
      description:
        "Set while snoozed: hidden from lists and the badge until then, then back on top as unread",
    }),
    interacted_at: dateTime.nullable().meta({ description: "The first click on one of its actions" }),
    actions: z
      .array(
        z.object({
          id: z.string(),
          label: z.string(),
          url: z.string().nullable(),
          style: z.enum(actionStyles),
        }),
      )
      .meta({ description: "Its buttons (none: an empty list)" }),
    image_url: z.string().nullable(),
    avatar: z.string().nullable().meta({ description: "The actor's avatar image" }),
    expires_at: dateTime.nullable().meta({
      description: "Gone from lists and the badge at this time (status expired); null: never",
    }),
  })
  .meta({ id: "Notification" });

export const oneNotificationSchema = z.object({ notification: notificationSchema });

export const notificationPageSchema = z
  .object({
    notifications: z.array(notificationSchema),
    total: z.number().int().optional().meta({ description: "Offset pages only (no `cursor` given)" }),
    page: z.number().int().optional().meta({ description: "Offset pages only" }),
    page_size: z.number().int(),
    total_pages: z.number().int().optional().meta({ description: "Offset pages only" }),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
  })
  .meta({ id: "NotificationPage" });

export type NotificationJson = z.input<typeof notificationSchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function notificationJson(n: NotificationRow): NotificationJson {
  return {
    id: n.id,
    seq: n.seq,
    // The recipient's change position: live clients resume from the highest one they saw.
    change_seq: n.changeSeq,
    user_id: n.externalUserId,
    tenant_id: n.tenantId,
    title: n.title,
    content: n.content,
    type: n.type,
    priority: n.priority,
    status: n.status,
    channels: n.channels,
    metadata: n.metadata,
    template_code: n.templateCode,
    batch_id: n.batchId,
    group_key: n.groupKey,
    created_at: n.createdAt.toISOString(),
    scheduled_at: iso(n.scheduledAt),
    sent_at: iso(n.sentAt),
    read_at: iso(n.readAt),
    seen_at: iso(n.seenAt),
    recalled_at: iso(n.recalledAt),
    archived_at: iso(n.archivedAt),
    snoozed_until: iso(n.snoozedUntil),
    interacted_at: iso(n.interactedAt),
    actions: (n.actions ?? []).map((a) => ({ id: a.id, label: a.label, url: a.url ?? null, style: a.style })),
    image_url: n.imageUrl,
    avatar: n.avatar,
    expires_at: iso(n.expiresAt),
  };
}
