// Sending: one request, any number of recipients, written set-based in one transaction.
import { annotate } from "../telemetry/tracing";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import type { NotificationChannel, NotificationType } from "../db/schema";
import { bus } from "../events";
import {
  requestHash,
  runIdempotently,
  type BeforeCommit,
  type IdempotencyClaim,
  type StoredResponse,
} from "../http/idempotency";
import { createDeliveries, isExternal } from "../queue/deliveries";
import { checkChatTargetKeys } from "../chat/store";
import { planTemplateSend, type TemplateSendPlan } from "../templates/render";
import { clock } from "../clock";
import { notificationTtlDaysOf } from "../tenants/settings";
import { enqueueExpiry } from "./expiry";
import { enqueueRelease } from "./lifecycle";
import { LISTED_RECIPIENTS, type SendInput } from "./schema";
import { notificationJson, type NotificationRow } from "./serialize";
import { initialNotificationStatus } from "./status";
import { BATCHED_RECIPIENTS_MAX, insertPlainSend } from "./send-batch";
import { insertNotifications, type InsertedNotification } from "./store";

/** `actor` is who the audit log names (default: the API key, or the system without one). */
export type Sender = { tenantId: string; apiKeyId: string | null; actor?: Actor };

export const sendResultSchema = z
  .object({
    count: z.number().int().meta({ description: "Notifications written (one per distinct recipient)" }),
    batch_id: z.uuid(),
    scheduled_at: z.iso.datetime({ offset: true }).nullable(),
    notifications: z
      .array(z.object({ id: z.uuid(), user_id: z.string(), status: z.string() }))
      .optional()
      .meta({ description: "Listed up to 1000 recipients; above that use batch_id" }),
  })
  .meta({ id: "SendResult" });

export type SendResponseData = z.input<typeof sendResultSchema>;

/**
 * Writes one notification per distinct recipient (creating unknown users), schedules the batch
 * when `schedule_at` is in the future, queues its expiry (expires_at, or the tenant's default
 * lifetime), and publishes `notification.created` after commit.
 * `beforeCommit` runs inside the transaction with the response (idempotency stores it there).
 */
/** How many notification ids a send's span lists. */
const TRACED_IDS = 100;

export async function sendNotifications(
  db: Db,
  sender: Sender,
  input: SendInput,
  beforeCommit?: BeforeCommit,
): Promise<SendResponseData> {
  // A template send renders before anything is written: an unknown template or a missing variable
  // is a 400 with nothing stored.
  const plan: TemplateSendPlan | null =
    input.template_code !== undefined
      ? await planTemplateSend(db, sender.tenantId, {
          template_code: input.template_code,
          params: input.params,
          user_ids: input.user_ids,
        })
      : null;
  const channels: NotificationChannel[] = input.channels ?? plan?.channels ?? ["app"];
  const chatTargets = channels.includes("chat") ? [...new Set(input.chat_targets ?? [])] : [];
  // Named chat targets must exist before anything is written.
  await checkChatTargetKeys(db, sender.tenantId, chatTargets);
  const type = (input.type ?? plan?.type) as NotificationType;
  const title = plan ? plan.title : input.title!;
  const content = plan ? plan.content : input.content!;
  const metadata = plan ? { ...plan.metadata, ...input.metadata } : input.metadata;
  const now = new Date();
  const requested = input.schedule_at ? new Date(input.schedule_at) : null;
  // A time in the past means now.
  const scheduledAt = requested && requested.getTime() > now.getTime() ? requested : null;
  const batchId = randomUUID();
  const rich = richColumnsOf(input);
  const expiresAt = await expiryOf(db, sender.tenantId, input, scheduledAt ?? clock().now());

  const status = initialNotificationStatus({
    scheduled: scheduledAt !== null,
    inApp: channels.includes("app"),
  });
  const external = channels.some(isExternal);
  const actor = sender.actor ?? { type: sender.apiKeyId ? "api_key" : "system", id: sender.apiKeyId };
  // What every row of the send shares, whichever way it is written. One audit row per send (not
  // per recipient), written by the insert itself.
  const common = {
    tenantId: sender.tenantId,
    title,
    content,
    type,
    priority: input.priority,
    channels,
    metadata,
    rich,
    status,
    sentAt: status === "sent" ? now : null,
    batchId,
    groupKey: input.group_key ?? null,
    apiKeyId: sender.apiKeyId,
    audit: {
      actorType: actor.type,
      actorId: actor.id,
      action: scheduledAt ? "notification.scheduled" : "notification.sent",
      targetType: "batch",
      targetId: batchId,
      data: {
        channels,
        title: plan ? null : title,
        template_code: plan?.templateCode ?? null,
        scheduled_at: scheduledAt?.toISOString() ?? null,
      },
    },
  };
  const resultOf = (inserted: InsertedNotification[]): SendResponseData => {
    const data: SendResponseData = {
      count: inserted.length,
      batch_id: batchId,
      scheduled_at: scheduledAt?.toISOString() ?? null,
    };
    if (inserted.length <= LISTED_RECIPIENTS) {
      data.notifications = inserted.map((r) => ({ id: r.id, user_id: r.external_id, status }));
    }
    return data;
  };
  const write = async (tx: Executor) => {
    const inserted = await insertNotifications(tx, {
      ...common,
      externalIds: plan?.externalIds ?? input.user_ids,
      titles: plan?.titles,
      contents: plan?.contents,
      templateId: plan?.templateId,
      templateVersion: plan?.templateVersion,
      templateParams: plan?.params,
      scheduledAt,
      expiresAt,
    });
    if (scheduledAt) await enqueueRelease(tx, { tenantId: sender.tenantId, batchId }, scheduledAt);
    if (expiresAt)
      await enqueueExpiry(tx, { tenantId: sender.tenantId, batchId, at: expiresAt.toISOString() });
    if (external) {
      await createDeliveries(tx, {
        tenantId: sender.tenantId,
        batchId,
        channels,
        priority: input.priority,
        startAfter: scheduledAt ?? undefined,
        chatTargets,
      });
    }
    const data = resultOf(inserted);
    await beforeCommit?.(tx, { status: 200, body: sendEnvelope(data) });
    return { data, inserted };
  };
  // A plain send (no template, schedule, expiry, stored answer or external channel) joins the
  // sends waiting for the database in one statement; its rows and audit row are its own.
  const writeBatched = async () => {
    const inserted = await insertPlainSend(db, { ...common, externalIds: input.user_ids });
    return { data: resultOf(inserted), inserted };
  };
  // Any other send without jobs or a stored answer is one atomic statement too (its audit row
  // included). A scheduled send, one with external channels (their jobs) or an idempotent one (its
  // stored response) must commit together with the rows.
  const batched =
    !plan &&
    !scheduledAt &&
    !expiresAt &&
    !beforeCommit &&
    !external &&
    input.user_ids.length <= BATCHED_RECIPIENTS_MAX;
  const { data, inserted } = batched
    ? await writeBatched()
    : scheduledAt || expiresAt || beforeCommit || external
      ? await db.transaction(write)
      : await write(db);
  // The trace names what it wrote (a large fan-out: the first ids, and the batch for the rest).
  annotate({
    "herald.batch_id": batchId,
    "herald.notification_count": inserted.length,
    "herald.notification_ids": inserted.slice(0, TRACED_IDS).map((r) => r.id),
  });
  if (!scheduledAt) {
    // Per-recipient texts by user_id (a template send that reads `user` or spans locales).
    const textAt = plan?.titles || plan?.contents ? new Map(plan.externalIds.map((id, i) => [id, i])) : null;
    bus().publish("notification.created", {
      tenantId: sender.tenantId,
      userIds: inserted.map((r) => r.user_id),
      notificationIds: inserted.map((r) => r.id),
      batchId,
      notifications: inserted.map((r) =>
        notificationJson({
          id: r.id,
          tenantId: sender.tenantId,
          userId: r.user_id,
          externalUserId: r.external_id,
          seq: r.seq,
          changeSeq: r.change_seq,
          batchId,
          groupKey: input.group_key ?? null,
          title: textAt && plan?.titles ? plan.titles[textAt.get(r.external_id)!]! : title,
          content: textAt && plan?.contents ? plan.contents[textAt.get(r.external_id)!]! : content,
          type,
          priority: input.priority,
          status,
          channels,
          metadata,
          templateId: plan?.templateId ?? null,
          templateCode: plan?.templateCode ?? null,
          templateVersion: plan?.templateVersion ?? null,
          templateParams: plan?.params ?? null,
          apiKeyId: sender.apiKeyId,
          scheduledAt: null,
          sentAt: status === "sent" ? now : null,
          readAt: null,
          seenAt: null,
          recalledAt: null,
          interactedAt: null,
          ...rich,
          archivedAt: null,
          snoozedUntil: null,
          expiresAt,
          createdAt: r.created_at,
          updatedAt: r.created_at,
          deletedAt: null,
        }),
      ),
    });
  }
  return data;
}

/** The send's rich content as stored (absent ones null). */
function richColumnsOf(input: SendInput): Pick<NotificationRow, "actions" | "imageUrl" | "avatar"> {
  const actions = input.actions?.length
    ? input.actions.map((a) => ({ id: a.id, label: a.label, url: a.url ?? null, style: a.style }))
    : null;
  return { actions, imageUrl: input.image_url ?? null, avatar: input.avatar ?? null };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When the send's notifications expire: as asked, else the tenant's default lifetime after they go out. */
async function expiryOf(db: Db, tenantId: string, input: SendInput, goesOut: Date): Promise<Date | null> {
  if (input.expires_at !== undefined) return new Date(input.expires_at);
  const days = await notificationTtlDaysOf(db, tenantId);
  return days === null ? null : new Date(goesOut.getTime() + days * DAY_MS);
}

export function sendEnvelope(data: SendResponseData) {
  return { code: 200, message: "Notifications sent successfully", data };
}

export type SendOutcome = StoredResponse & { replayed: boolean };

/** sendNotifications behind an optional Idempotency-Key (scoped to the tenant and the caller). */
export async function sendIdempotently(
  db: Db,
  sender: Sender & { callerScope: string },
  input: SendInput,
  idempotencyKey: string | undefined,
  path: string,
): Promise<SendOutcome> {
  const claim: IdempotencyClaim | null =
    idempotencyKey === undefined
      ? null
      : {
          tenantId: sender.tenantId,
          scope: sender.callerScope,
          key: idempotencyKey,
          requestHash: requestHash("POST", path, input),
        };
  return runIdempotently(db, claim, async (beforeCommit) => ({
    status: 200,
    body: sendEnvelope(await sendNotifications(db, sender, input, beforeCommit)),
  }));
}
