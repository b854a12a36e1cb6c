// Sending: one request, any number of recipients, written set-based in one transaction.
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db, Executor } from "../db/client";
import { templates } from "../db/schema";
import { bus } from "../events";
import { badRequest } from "../http/errors";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
  requestHash,
  type IdempotencyClaim,
  type StoredResponse,
} from "../http/idempotency";
import { createDeliveries, isExternal } from "../delivery/queue";
import { enqueueRelease } from "./lifecycle";
import { LISTED_RECIPIENTS, type SendInput } from "./schema";
import { notificationJson } from "./serialize";
import { insertNotifications } from "./store";

export type Sender = { tenantId: string; apiKeyId: string | null };

export type SendResponseData = {
  count: number;
  batch_id: string;
  scheduled_at: string | null;
  notifications?: { id: string; user_id: string; status: string }[];
};

async function assertTemplateUsable(db: Db, tenantId: string, code: string): Promise<never> {
  const [template] = await db
    .select({ isActive: templates.isActive })
    .from(templates)
    .where(and(eq(templates.tenantId, tenantId), eq(templates.code, code), isNull(templates.deletedAt)))
    .limit(1);
  if (template && !template.isActive) {
    throw badRequest("Template inactive", [
      { field: "template_code", message: "this template is switched off" },
    ]);
  }
  // Rendering by template arrives with the templates feature; until then no template is usable.
  throw badRequest("Unknown template", [
    { field: "template_code", message: "no usable template with this code" },
  ]);
}

/**
 * Writes one notification per distinct recipient (creating unknown users), schedules the batch
 * when `schedule_at` is in the future, and publishes `notification.created` after commit.
 * `beforeCommit` runs inside the transaction with the response (idempotency stores it there).
 */
export async function sendNotifications(
  db: Db,
  sender: Sender,
  input: SendInput,
  beforeCommit?: (tx: Executor, response: StoredResponse) => Promise<void>,
): Promise<SendResponseData> {
  if (input.template_code !== undefined) await assertTemplateUsable(db, sender.tenantId, input.template_code);
  const now = new Date();
  const requested = input.schedule_at ? new Date(input.schedule_at) : null;
  // A time in the past means now.
  const scheduledAt = requested && requested.getTime() > now.getTime() ? requested : null;
  const batchId = randomUUID();

  // In-app counts as sent once stored; without it, external channels decide (processing until then).
  const status = scheduledAt ? "pending" : input.channels.includes("app") ? "sent" : "processing";
  const external = input.channels.some(isExternal);
  const write = async (tx: Executor) => {
    const inserted = await insertNotifications(tx, {
      tenantId: sender.tenantId,
      externalIds: input.user_ids,
      title: input.title!,
      content: input.content!,
      type: input.type!,
      priority: input.priority,
      channels: input.channels,
      metadata: input.metadata,
      status,
      sentAt: status === "sent" ? now : null,
      scheduledAt,
      batchId,
      apiKeyId: sender.apiKeyId,
    });
    if (scheduledAt) await enqueueRelease(tx, { tenantId: sender.tenantId, batchId }, scheduledAt);
    if (external) {
      await createDeliveries(tx, {
        tenantId: sender.tenantId,
        batchId,
        channels: input.channels,
        priority: input.priority,
        startAfter: scheduledAt ?? undefined,
      });
    }
    const data: SendResponseData = {
      count: inserted.length,
      batch_id: batchId,
      scheduled_at: scheduledAt?.toISOString() ?? null,
    };
    if (inserted.length <= LISTED_RECIPIENTS) {
      data.notifications = inserted.map((r) => ({ id: r.id, user_id: r.external_id, status }));
    }
    await beforeCommit?.(tx, { status: 200, body: sendEnvelope(data) });
    return { data, inserted };
  };
  // A plain in-app send is one atomic statement: no transaction round trips. A scheduled send, one
  // with external channels (their jobs) or an idempotent one (its stored response) must commit
  // together with the rows.
  const { data, inserted } =
    scheduledAt || beforeCommit || external ? await db.transaction(write) : await write(db);
  if (!scheduledAt) {
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
          title: input.title!,
          content: input.content!,
          type: input.type!,
          priority: input.priority,
          status,
          channels: input.channels,
          metadata: input.metadata,
          templateId: null,
          templateCode: null,
          templateVersion: null,
          apiKeyId: sender.apiKeyId,
          scheduledAt: null,
          sentAt: status === "sent" ? now : null,
          readAt: null,
          seenAt: null,
          recalledAt: null,
          createdAt: r.created_at,
          updatedAt: r.created_at,
          deletedAt: null,
        }),
      ),
    });
  }
  return data;
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
  if (idempotencyKey === undefined) {
    return { status: 200, body: sendEnvelope(await sendNotifications(db, sender, input)), replayed: false };
  }
  const claim: IdempotencyClaim = {
    tenantId: sender.tenantId,
    scope: sender.callerScope,
    key: idempotencyKey,
    requestHash: requestHash("POST", path, input),
  };
  const replay = await claimIdempotencyKey(db, claim);
  if (replay) return { ...replay, replayed: true };
  try {
    const data = await sendNotifications(db, sender, input, (tx, response) =>
      completeIdempotencyKey(tx, claim, response),
    );
    return { status: 200, body: sendEnvelope(data), replayed: false };
  } catch (err) {
    await releaseIdempotencyKey(db, claim);
    throw err;
  }
}
