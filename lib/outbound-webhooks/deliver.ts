// Delivers one attempt of an outbound webhook message: signed (Standard Webhooks) with the
// endpoint's secrets, POSTed through the guarded agent, every attempt recorded, retried with backoff
// for about a day under the same webhook-id, and an endpoint failing for days disabled.
import { and, eq, isNotNull, isNull, lt, or } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { audit } from "../audit";
import { clock } from "../clock";
import type { Db, Executor } from "../db/client";
import { users, webhookAttempts, webhookEndpoints, webhookMessage, webhookMessages } from "../db/schema";
import { conflict, notFound } from "../errors";
import { guardedFetch, hasCode, isAddressRefused, OUTBOUND_TIMEOUT } from "../http/outbound";
import { logger } from "../log";
import { sendNotifications } from "../notifications/send";
import { insertJobs } from "../queue/deliveries";
import { WEBHOOK_DISABLED_FAILING } from "../vocabulary/webhook-events";
import { forgetWebhookEndpoints } from "./endpoints-cache";
import { WEBHOOK_QUEUE, webhookJob, type WebhookJob } from "./recorder";
import { signingSecrets, type WebhookEndpoint } from "./store";

/** A receiver has this long to answer, connection and body included. */
export const WEBHOOK_TIMEOUT_MS = 15_000;
/** What an attempt keeps of the receiver's answer, for the console. */
const RESPONSE_BODY_CHARS = 1024;

/**
 * The wait before each retry (after attempt 1, 2, …): about 27 h in all, then the message has failed.
 * Each wait is jittered by ±10 % so a receiver back from an outage is not hit by every retry at once.
 */
export const RETRY_SCHEDULE_MS = [
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
] as const;
export const MAX_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/** How current an endpoint's "last success" is kept (to the minute). */
const LAST_SUCCESS_RESOLUTION_MS = 60_000;

/** An endpoint whose deliveries have failed without a success for this long is disabled. */
export const DISABLE_AFTER_MS = 3 * 24 * 3600_000;

export function retryDelayMs(attempt: number, random: () => number = Math.random): number | null {
  const base = RETRY_SCHEDULE_MS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * (0.9 + 0.2 * random()));
}

export type AttemptResult = {
  ok: boolean;
  status: number | null;
  durationMs: number;
  error: string | null;
  body: string | null;
};

/** The Standard Webhooks headers: one signature per secret, space-separated. */
export function signedHeaders(secrets: string[], messageId: string, at: Date, body: string) {
  return {
    "content-type": "application/json",
    "user-agent": "Herald-Webhooks/1",
    "webhook-id": messageId,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": secrets.map((s) => new Webhook(s).sign(messageId, at, body)).join(" "),
  };
}

async function post(url: string, headers: Record<string, string>, body: string): Promise<AttemptResult> {
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  try {
    const res = await guardedFetch(url, {
      method: "POST",
      headers,
      body,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
    });
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      status: res.status,
      durationMs: durationMs(),
      error: ok ? null : `HTTP ${res.status}`,
      body: res.body
        .subarray(0, RESPONSE_BODY_CHARS * 4)
        .toString("utf8")
        .slice(0, RESPONSE_BODY_CHARS),
    };
  } catch (err) {
    const e = err as Error;
    const error = isAddressRefused(err)
      ? "address refused (private, loopback or metadata)"
      : hasCode(err, OUTBOUND_TIMEOUT) || e.name === "TimeoutError" || e.name === "AbortError"
        ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s`
        : e.message || String(err);
    return { ok: false, status: null, durationMs: durationMs(), error, body: null };
  }
}

export type DeliverOutcome = "succeeded" | "retrying" | "failed" | "cancelled" | "stale";

/**
 * One attempt of a message. Safe to run twice: only the attempt the message expects is recorded
 * (a second run of the same job finds it recorded and answers "stale", after sending once more at worst).
 */
export async function deliverWebhookMessage(db: Db, job: WebhookJob): Promise<DeliverOutcome> {
  const [found] = await db
    .select({ message: webhookMessages, endpoint: webhookEndpoints })
    .from(webhookMessages)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
    .where(eq(webhookMessages.id, job.messageId));
  if (!found) return "stale"; // its endpoint was deleted
  const { message, endpoint } = found;
  if (message.status !== webhookMessage.pending || message.attempts !== job.attempt - 1) return "stale";
  if (!endpoint.isEnabled) {
    await db
      .update(webhookMessages)
      .set({ status: webhookMessage.cancelled, nextAttemptAt: null })
      .where(and(eq(webhookMessages.id, message.id), eq(webhookMessages.status, webhookMessage.pending)));
    return "cancelled";
  }
  const now = clock().now();
  const result = await post(
    endpoint.url,
    signedHeaders(signingSecrets(endpoint, now), message.id, now, message.body),
    message.body,
  );
  return recordAttempt(db, endpoint, message, job.attempt, result);
}

async function recordAttempt(
  db: Db,
  endpoint: WebhookEndpoint,
  message: typeof webhookMessages.$inferSelect,
  attempt: number,
  result: AttemptResult,
): Promise<DeliverOutcome> {
  const now = clock().now();
  const delay = result.ok ? null : retryDelayMs(attempt);
  const nextAt = delay === null ? null : new Date(now.getTime() + delay);
  const status = result.ok
    ? webhookMessage.succeeded
    : nextAt
      ? webhookMessage.pending
      : webhookMessage.failed;
  const disabled = await db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(webhookMessages)
      .set({ status, attempts: attempt, nextAttemptAt: nextAt })
      .where(
        and(
          eq(webhookMessages.id, message.id),
          eq(webhookMessages.status, webhookMessage.pending),
          eq(webhookMessages.attempts, attempt - 1),
        ),
      )
      .returning({ id: webhookMessages.id });
    if (!claimed) return null;
    await tx.insert(webhookAttempts).values({
      tenantId: message.tenantId,
      endpointId: endpoint.id,
      messageId: message.id,
      eventType: message.eventType,
      attempt,
      responseStatus: result.status,
      durationMs: result.durationMs,
      error: result.error,
      responseBody: result.body,
    });
    if (result.ok) {
      // Every success writing the endpoint's row would queue all of its concurrent attempts on that
      // row's lock: it is written when it was failing, or when its last success is older than a minute.
      const fresh =
        endpoint.failingSince === null &&
        endpoint.lastSuccessAt !== null &&
        now.getTime() - endpoint.lastSuccessAt.getTime() < LAST_SUCCESS_RESOLUTION_MS;
      if (!fresh) {
        await tx
          .update(webhookEndpoints)
          .set({ failingSince: null, lastSuccessAt: now })
          .where(
            and(
              eq(webhookEndpoints.id, endpoint.id),
              or(
                isNotNull(webhookEndpoints.failingSince),
                isNull(webhookEndpoints.lastSuccessAt),
                lt(webhookEndpoints.lastSuccessAt, new Date(now.getTime() - LAST_SUCCESS_RESOLUTION_MS)),
              ),
            ),
          );
      }
      return false;
    }
    const [after] = await tx
      .update(webhookEndpoints)
      .set({ failingSince: endpoint.failingSince ?? now })
      .where(and(eq(webhookEndpoints.id, endpoint.id), isNull(webhookEndpoints.failingSince)))
      .returning({ failingSince: webhookEndpoints.failingSince });
    const since = after?.failingSince ?? endpoint.failingSince ?? now;
    if (now.getTime() - since.getTime() >= DISABLE_AFTER_MS) {
      await disable(tx, endpoint, since);
      return true;
    }
    if (nextAt) await insertJobs(tx, WEBHOOK_QUEUE, [webhookJob(message.id, attempt + 1, nextAt)]);
    return false;
  });
  if (disabled === null) return "stale";
  if (disabled) {
    forgetWebhookEndpoints(endpoint.tenantId);
    await tellAdmins(db, endpoint);
    return "failed";
  }
  return status === webhookMessage.pending ? "retrying" : status;
}

const DISABLED_REASON = WEBHOOK_DISABLED_FAILING;

async function disable(tx: Executor, endpoint: WebhookEndpoint, since: Date): Promise<void> {
  await tx
    .update(webhookEndpoints)
    .set({ isEnabled: false, disabledReason: DISABLED_REASON })
    .where(eq(webhookEndpoints.id, endpoint.id));
  // Its other pending messages stop: their next attempt finds the endpoint disabled and cancels.
  await tx
    .update(webhookMessages)
    .set({ status: webhookMessage.cancelled, nextAttemptAt: null })
    .where(
      and(eq(webhookMessages.endpointId, endpoint.id), eq(webhookMessages.status, webhookMessage.pending)),
    );
  await audit(
    tx,
    endpoint.tenantId,
    { type: "system", id: null },
    "webhook_endpoint.disabled",
    { type: "webhook_endpoint", id: endpoint.id },
    { url: endpoint.url, reason: DISABLED_REASON, failing_since: since.toISOString() },
  );
}

/** An in-app notice to the tenant's admins, through the ordinary send path. */
async function tellAdmins(db: Db, endpoint: WebhookEndpoint): Promise<void> {
  const admins = await db
    .select({ externalId: users.externalId })
    .from(users)
    .where(and(eq(users.tenantId, endpoint.tenantId), eq(users.role, "admin"), isNull(users.deletedAt)));
  if (admins.length === 0) return;
  try {
    await sendNotifications(
      db,
      { tenantId: endpoint.tenantId, apiKeyId: null },
      {
        user_ids: admins.map((a) => a.externalId),
        title: "A webhook endpoint was disabled",
        content: `Deliveries to ${endpoint.url} failed for 3 days without a success, so Herald stopped sending to it. Enable it again in the console once it answers.`,
        type: "warning",
        priority: "high",
        channels: ["app"],
        metadata: { action_url: "/admin/webhooks", webhook_endpoint_id: endpoint.id },
      },
    );
  } catch (err) {
    logger().error({ err, endpointId: endpoint.id }, "admins not told of a disabled webhook endpoint");
  }
}

/** Sends a stored message again (same webhook-id) as its next attempt. */
export async function replayWebhookMessage(
  db: Db,
  tenantId: string,
  endpointId: string,
  messageId: string,
): Promise<typeof webhookMessages.$inferSelect> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ message: webhookMessages, enabled: webhookEndpoints.isEnabled })
      .from(webhookMessages)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookMessages.endpointId))
      .where(
        and(
          eq(webhookMessages.id, messageId),
          eq(webhookMessages.endpointId, endpointId),
          eq(webhookMessages.tenantId, tenantId),
        ),
      )
      .for("update");
    if (!found) throw notFound("Webhook message not found");
    if (!found.enabled) throw conflict("The endpoint is disabled: enable it before replaying");
    const attempt = found.message.attempts + 1;
    const [row] = await tx
      .update(webhookMessages)
      .set({ status: webhookMessage.pending, nextAttemptAt: null })
      .where(eq(webhookMessages.id, messageId))
      .returning();
    // Its own key: a retry of the same attempt may be waiting (it then finds the attempt recorded).
    await insertJobs(tx, WEBHOOK_QUEUE, [
      { ...webhookJob(messageId, attempt), singletonKey: `${messageId}:${attempt}:replay:${Date.now()}` },
    ]);
    return row!;
  });
}
