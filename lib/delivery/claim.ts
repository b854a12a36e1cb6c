// The claim step: moves deliveries to `sending` and reads what each sends on behalf of, with its
// recipient, in one statement per kind of source (at a thousand deliveries a second every round
// trip counts).
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  announcements,
  deliveries,
  notifications,
  users,
  workflowRuns,
  workflowRunSteps,
  workflowVersions,
  workflows,
  type WorkflowStepMessage,
} from "../db/schema";
import type {
  AnnouncementSource,
  DeliverySource,
  NotificationSource,
  Recipient,
  WorkflowSource,
} from "./source";
import type { ExternalChannel } from "../providers/types";
import { CLAIMED, claimableStatuses } from "../vocabulary/delivery-status";

function claimable(deliveryIds: string[]) {
  return and(inArray(deliveries.id, deliveryIds), inArray(deliveries.status, claimableStatuses()));
}

/** The claim's write: claimed, one attempt more (a requeue without a retry gives the attempt back). */
const claim = () => ({ status: CLAIMED, attempts: sql`${deliveries.attempts} + 1` });

const claimedDelivery = {
  id: deliveries.id,
  tenantId: deliveries.tenantId,
  channel: deliveries.channel,
  attempts: deliveries.attempts,
  provider: deliveries.provider,
  integrationId: deliveries.integrationId,
  providerAttempts: deliveries.providerAttempts,
  createdAt: deliveries.createdAt,
  chatTargets: deliveries.chatTargets,
};

const recipientColumns = {
  userId: users.id,
  externalId: users.externalId,
  name: users.name,
  email: users.email,
  phone: users.phone,
  wechatOpenid: users.wechatOpenid,
  chatEncrypted: users.chatEncrypted,
  locale: users.locale,
  timezone: users.timezone,
  userDeletedAt: users.deletedAt,
};

type RecipientRow = Omit<Recipient, "id" | "deletedAt"> & { userId: string; userDeletedAt: Date | null };
type ClaimedRow = RecipientRow & {
  id: string;
  tenantId: string;
  channel: string;
  attempts: number;
  provider: string | null;
  integrationId: string | null;
  providerAttempts: number;
  createdAt: Date;
  chatTargets: string[] | null;
};

function recipientOf(row: RecipientRow): Recipient {
  const {
    userId,
    externalId,
    name,
    email,
    phone,
    wechatOpenid,
    chatEncrypted,
    locale,
    timezone,
    userDeletedAt,
  } = row;
  return {
    id: userId,
    externalId,
    name,
    email,
    phone,
    wechatOpenid,
    chatEncrypted,
    locale,
    timezone,
    deletedAt: userDeletedAt,
  };
}

/** What every kind of claimed delivery carries: the row's own facts and its recipient. */
function claimedOf(row: ClaimedRow) {
  return {
    id: row.id,
    tenantId: row.tenantId,
    channel: row.channel as ExternalChannel,
    attempts: row.attempts,
    route: { name: row.provider, integrationId: row.integrationId, attempts: row.providerAttempts },
    createdAt: row.createdAt,
    chatTargets: row.chatTargets ?? [],
    recipient: recipientOf(row),
  };
}

async function claimNotificationDeliveries(db: Db, deliveryIds: string[]): Promise<NotificationSource[]> {
  // eslint-disable-next-line drizzle/enforce-update-with-where -- the where follows the from and join
  const rows = await db
    .update(deliveries)
    .set(claim())
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(
      and(
        claimable(deliveryIds),
        eq(notifications.id, deliveries.notificationId),
        eq(notifications.tenantId, deliveries.tenantId),
      ),
    )
    .returning({
      ...claimedDelivery,
      notificationId: deliveries.notificationId,
      type: notifications.type,
      title: notifications.title,
      content: notifications.content,
      metadata: notifications.metadata,
      priority: notifications.priority,
      status: notifications.status,
      channels: notifications.channels,
      deletedAt: notifications.deletedAt,
      scheduledAt: notifications.scheduledAt,
      templateId: notifications.templateId,
      templateVersion: notifications.templateVersion,
      templateParams: notifications.templateParams,
      ...recipientColumns,
    });
  return rows.map((row) => ({
    kind: "notification",
    ...claimedOf(row),
    notificationId: row.notificationId!,
    notification: {
      type: row.type,
      title: row.title,
      content: row.content,
      metadata: row.metadata,
      priority: row.priority,
      status: row.status,
      channels: row.channels,
      deletedAt: row.deletedAt,
      scheduledAt: row.scheduledAt,
      templateId: row.templateId,
      templateVersion: row.templateVersion,
      templateParams: row.templateParams,
    },
  }));
}

async function claimAnnouncementDeliveries(db: Db, deliveryIds: string[]): Promise<AnnouncementSource[]> {
  // eslint-disable-next-line drizzle/enforce-update-with-where -- the where follows the from and join
  const rows = await db
    .update(deliveries)
    .set(claim())
    .from(announcements)
    // PostgreSQL allows no reference to the updated table inside the from list's joins: the
    // recipient is matched in the where clause.
    .innerJoin(users, sql`true`)
    .where(
      and(
        claimable(deliveryIds),
        eq(announcements.id, deliveries.announcementId),
        eq(announcements.tenantId, deliveries.tenantId),
        eq(users.id, deliveries.userId),
      ),
    )
    .returning({
      ...claimedDelivery,
      announcementId: deliveries.announcementId,
      title: announcements.title,
      content: announcements.content,
      severity: announcements.severity,
      status: announcements.status,
      expiresAt: announcements.expiresAt,
      deletedAt: announcements.deletedAt,
      ...recipientColumns,
    });
  return rows.map((row) => ({
    kind: "announcement",
    ...claimedOf(row),
    announcementId: row.announcementId!,
    announcement: {
      title: row.title,
      content: row.content,
      severity: row.severity,
      status: row.status,
      expiresAt: row.expiresAt,
      deletedAt: row.deletedAt,
    },
  }));
}

async function claimWorkflowDeliveries(db: Db, deliveryIds: string[]): Promise<WorkflowSource[]> {
  // eslint-disable-next-line drizzle/enforce-update-with-where -- the where follows the from and joins
  const rows = await db
    .update(deliveries)
    .set(claim())
    .from(workflowRuns)
    // As for announcements: the step, its version and the recipient are matched in the where clause.
    .innerJoin(workflowRunSteps, sql`true`)
    .innerJoin(workflowVersions, sql`true`)
    .innerJoin(workflows, sql`true`)
    .innerJoin(users, sql`true`)
    .where(
      and(
        claimable(deliveryIds),
        eq(workflowRuns.id, deliveries.workflowRunId),
        eq(workflowRuns.tenantId, deliveries.tenantId),
        eq(workflowRunSteps.runId, deliveries.workflowRunId),
        eq(workflowRunSteps.stepId, deliveries.workflowStepId),
        sql`${workflowRunSteps.message} is not null`,
        eq(workflowVersions.id, workflowRuns.versionId),
        eq(workflows.id, workflowRuns.workflowId),
        eq(users.id, deliveries.userId),
      ),
    )
    .returning({
      ...claimedDelivery,
      workflowRunId: deliveries.workflowRunId,
      stepId: deliveries.workflowStepId,
      runStatus: workflowRuns.status,
      critical: sql<boolean>`coalesce((${workflowVersions.definition}->>'critical')::boolean, false)`,
      category: sql<string | null>`${workflowVersions.definition}->>'category'`,
      key: workflows.key,
      message: workflowRunSteps.message,
      ...recipientColumns,
    });
  return rows.map((row) => ({
    kind: "workflow",
    ...claimedOf(row),
    workflowRunId: row.workflowRunId!,
    stepId: row.stepId!,
    workflow: {
      runStatus: row.runStatus,
      critical: row.critical === true,
      key: row.key,
      category: row.category,
      message: row.message as WorkflowStepMessage,
    },
  }));
}

/**
 * Claims the deliveries. One missing from `claimed` has nothing to send (finished, cancelled,
 * another worker's) or is in `unclaimed`: still claimable but its notification or recipient is gone.
 */
export async function claimDeliveries(
  db: Db,
  deliveryIds: string[],
): Promise<{ claimed: Map<string, DeliverySource>; unclaimed: string[] }> {
  const claimed = new Map<string, DeliverySource>();
  for (const s of await claimNotificationDeliveries(db, deliveryIds)) claimed.set(s.id, s);
  let unclaimed = deliveryIds.filter((id) => !claimed.has(id));
  if (unclaimed.length > 0) {
    // Announcement deliveries are claimed here, off the hot path of sends.
    for (const s of await claimAnnouncementDeliveries(db, unclaimed)) claimed.set(s.id, s);
    unclaimed = unclaimed.filter((id) => !claimed.has(id));
  }
  if (unclaimed.length > 0) {
    for (const s of await claimWorkflowDeliveries(db, unclaimed)) claimed.set(s.id, s);
    unclaimed = unclaimed.filter((id) => !claimed.has(id));
  }
  return { claimed, unclaimed };
}
