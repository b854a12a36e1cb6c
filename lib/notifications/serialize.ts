// The one JSON shape of a notification, used by REST, Socket.IO and the plain WebSocket alike.
import { getTableColumns } from "drizzle-orm";
import { notifications, templates, users } from "../db/schema";

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

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function notificationJson(n: NotificationRow) {
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
    created_at: n.createdAt.toISOString(),
    scheduled_at: iso(n.scheduledAt),
    sent_at: iso(n.sentAt),
    read_at: iso(n.readAt),
    seen_at: iso(n.seenAt),
    recalled_at: iso(n.recalledAt),
  };
}
export type NotificationJson = ReturnType<typeof notificationJson>;
