// Provider webhooks: Resend's delivery events (signed by Svix) and Twilio's SMS status callbacks.
// Each is verified over the exact bytes received, then moves its delivery forward at most once.
import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { validateRequest as isValidTwilioSignature } from "twilio/lib/webhooks/webhooks";
import { z } from "zod";
import type { Db } from "../db/client";
import { deliveries, webhookEvents } from "../db/schema";
import { appUrl, env as processEnv, type Env } from "../env";
import { bus, type DeliveryChange } from "../events";
import { invalid, notFound, tooLarge, unauthorized } from "../errors";
import { MAX_BODY_BYTES } from "../http/validation";
import { logger } from "../log";
import { settleNotifications } from "./record";
import { sourcesOf } from "../vocabulary/delivery-status";

export type WebhookProvider = "resend" | "twilio";
export type WebhookResult = { applied: boolean };

/** Svix refuses messages whose timestamp is further than this from now, either way. */
export const SVIX_TOLERANCE_SECONDS = 5 * 60;

/**
 * A report moves a delivery only forward (the delivery status machine's sources of its status), so
 * events that arrive out of order end in the same state as in order: a late `delivered` after
 * `bounced` is ignored, while a bounce reported after `delivered` (an asynchronous bounce) still
 * counts. bounced and failed are final, whoever set them; skipped and cancelled never reached a
 * provider.
 */
type Outcome = "delivered" | "bounced" | "failed";

/** What one provider event does to its delivery. */
export type Effect =
  | { kind: "status"; status: Outcome; reason?: string; lastError?: string }
  | { kind: "complaint" }
  | { kind: "none" };

export type ProviderEvent = {
  provider: WebhookProvider;
  /** Unique per event at the provider: a second event with the same id is a replay. */
  eventId: string;
  eventType: string;
  providerMessageId: string;
  effect: Effect;
};

const unverified = () => unauthorized("Invalid signature");

/** The raw request body, read once: signatures cover the exact bytes. 413 over 1 MB. */
async function readRawBody(req: Request): Promise<Buffer> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const body = Buffer.from(await req.arrayBuffer());
  if (body.length > MAX_BODY_BYTES) throw tooLarge();
  return body;
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Svix's scheme (what Resend signs with): base64 HMAC-SHA256 of `${id}.${timestamp}.${body}` keyed
 * with the base64 part of `whsec_…`, in `v1,<sig>` entries; the timestamp must be within 5 minutes.
 * Returns the message id, or null when the request does not verify.
 */
export function verifySvix(
  secret: string,
  headers: Headers,
  body: Buffer,
  nowMs = Date.now(),
): string | null {
  // Svix also sends the Standard Webhooks names (webhook-*) on newer endpoints.
  const id = headers.get("svix-id") ?? headers.get("webhook-id");
  const timestamp = headers.get("svix-timestamp") ?? headers.get("webhook-timestamp");
  const signatures = headers.get("svix-signature") ?? headers.get("webhook-signature");
  if (!id || !timestamp || !signatures || !/^\d{1,12}$/.test(timestamp)) return null;
  if (Math.abs(Math.floor(nowMs / 1000) - Number(timestamp)) > SVIX_TOLERANCE_SECONDS) return null;
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${id}.${timestamp}.`).update(body).digest("base64");
  for (const entry of signatures.split(" ")) {
    const comma = entry.indexOf(",");
    if (comma === -1 || entry.slice(0, comma) !== "v1") continue;
    if (constantTimeEqual(entry.slice(comma + 1), expected)) return id;
  }
  return null;
}

export const webhookResultSchema = z.object({
  applied: z.boolean().meta({
    description:
      "Whether the event changed a delivery: false for a replay, an unknown message, a status already reached or passed, or an event that changes nothing",
  }),
});

/** A Resend webhook event (only what Herald reads; the rest is ignored). */
export const resendEventSchema = z
  .looseObject({
    type: z.string().min(1).meta({ example: "email.delivered" }),
    created_at: z.string().optional(),
    data: z.looseObject({
      email_id: z.string().min(1).optional().meta({ description: "The id Resend answered the send with" }),
      bounce: z
        .looseObject({
          message: z.string().optional(),
          type: z.string().optional(),
          subType: z.string().optional(),
        })
        .optional(),
    }),
  })
  .meta({
    description:
      "email.delivered → delivered, email.bounced → bounced, email.failed → failed, email.complained → reason `complained` (status unchanged); other events change nothing",
  });

/** The fields of a Twilio status callback Herald reads (form-encoded; the others are signed, not read). */
export const twilioStatusCallbackSchema = z
  .looseObject({
    MessageSid: z.string().min(1).meta({ description: "The SID Twilio answered the send with" }),
    MessageStatus: z.string().min(1).meta({ example: "delivered" }),
    ErrorCode: z.string().optional().meta({ example: "30003" }),
  })
  .meta({
    description:
      "delivered → delivered; undelivered and failed → failed (the ErrorCode in last_error); other statuses change nothing",
  });

function resendEffect(event: z.infer<typeof resendEventSchema>): Effect | null {
  switch (event.type) {
    case "email.delivered":
      return { kind: "status", status: "delivered" };
    case "email.bounced": {
      const b = event.data.bounce;
      const kind = [b?.type, b?.subType].filter(Boolean).join("/");
      const detail = [kind, b?.message].filter(Boolean).join(": ");
      return {
        kind: "status",
        status: "bounced",
        reason: "bounced",
        lastError: `resend: ${detail || "bounced"}`,
      };
    }
    case "email.failed":
      return {
        kind: "status",
        status: "failed",
        reason: "provider_failed",
        lastError: "resend: failed to send",
      };
    case "email.complained":
      return { kind: "complaint" };
    case "email.delivery_delayed":
      return { kind: "none" };
    default:
      // Sent, opened, clicked, domain and contact events: nothing to record on a delivery.
      return null;
  }
}

/** POST /api/v1/webhooks/resend: 404 without RESEND_WEBHOOK_SECRET, 401 unless Svix-signed. */
export async function handleResendWebhook(
  db: Db,
  req: Request,
  e: Env = processEnv(),
): Promise<WebhookResult> {
  const secret = e.RESEND_WEBHOOK_SECRET;
  if (!secret) throw notFound();
  const body = await readRawBody(req);
  const messageId = verifySvix(secret, req.headers, body);
  if (!messageId) {
    logger().warn({ provider: "resend" }, "webhook signature refused");
    throw unverified();
  }
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw invalid("Invalid JSON");
  }
  const parsed = resendEventSchema.safeParse(json);
  if (!parsed.success) throw invalid("Invalid event");
  const effect = resendEffect(parsed.data);
  if (!effect) return { applied: false };
  const emailId = parsed.data.data.email_id;
  if (!emailId) throw invalid("Invalid event: data.email_id is missing");
  return applyProviderEvent(db, {
    provider: "resend",
    eventId: messageId,
    eventType: parsed.data.type,
    providerMessageId: emailId,
    effect,
  });
}

/** Form fields as Twilio's validator takes them: a repeated field becomes an array. */
function formParams(body: Buffer): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body.toString("utf8"))) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

function twilioEffect(status: string, errorCode: string | undefined): Effect {
  if (status === "delivered") return { kind: "status", status: "delivered" };
  if (status === "undelivered" || status === "failed") {
    const code = errorCode ? `, error ${errorCode}` : "";
    return { kind: "status", status: "failed", reason: status, lastError: `twilio: ${status}${code}` };
  }
  return { kind: "none" }; // accepted, queued, sending, sent…: we already know it left
}

/**
 * POST /api/v1/webhooks/twilio: 404 without TWILIO_AUTH_TOKEN, 401 unless X-Twilio-Signature
 * verifies. Twilio signs the URL it called, so that is APP_URL + path: behind a proxy the request's
 * own URL (http://127.0.0.1:3000/…) is not what was signed, and the Host header is not to be trusted.
 */
export async function handleTwilioWebhook(
  db: Db,
  req: Request,
  e: Env = processEnv(),
): Promise<WebhookResult> {
  const authToken = e.TWILIO_AUTH_TOKEN;
  if (!authToken) throw notFound();
  const body = await readRawBody(req);
  const params = formParams(body);
  const url = new URL(req.url);
  const signedUrl = appUrl(e) + url.pathname + url.search;
  const signature = req.headers.get("x-twilio-signature");
  if (!signature || !isValidTwilioSignature(authToken, signature, signedUrl, params)) {
    logger().warn({ provider: "twilio", url: signedUrl }, "webhook signature refused");
    throw unverified();
  }
  const first = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = twilioStatusCallbackSchema.safeParse(first);
  if (!parsed.success) throw invalid("Invalid callback: MessageSid and MessageStatus are required");
  const { MessageSid: sid, MessageStatus: status } = parsed.data;
  const effect = twilioEffect(status, parsed.data.ErrorCode);
  if (effect.kind === "none") return { applied: false };
  return applyProviderEvent(db, {
    provider: "twilio",
    // Twilio sends no event id: one status per message is the event.
    eventId: `${sid}:${status}`,
    eventType: status,
    providerMessageId: sid,
    effect,
  });
}

/**
 * Applies one verified event: records it (a replay finds the record and changes nothing), moves
 * the provider's delivery forward only, and settles the notification, all in one transaction so a
 * failure leaves nothing half done and the provider's retry applies it. An event for a delivery
 * Herald does not know is acknowledged and not recorded.
 */
export async function applyProviderEvent(db: Db, event: ProviderEvent): Promise<WebhookResult> {
  if (event.effect.kind === "none") return { applied: false };
  const effect = event.effect;
  const statusChanges: DeliveryChange[] = [];
  const result = await db.transaction(async (tx) => {
    const found = await tx
      .select({ id: deliveries.id, notificationId: deliveries.notificationId })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.provider, event.provider),
          eq(deliveries.providerMessageId, event.providerMessageId),
        ),
      );
    if (found.length === 0) {
      logger().info(
        { provider: event.provider, providerMessageId: event.providerMessageId, event: event.eventType },
        "webhook for an unknown delivery",
      );
      return { applied: false };
    }
    const [recorded] = await tx
      .insert(webhookEvents)
      .values({
        provider: event.provider,
        eventId: event.eventId,
        eventType: event.eventType,
        deliveryId: found[0]!.id,
      })
      .onConflictDoNothing()
      .returning({ eventId: webhookEvents.eventId });
    if (!recorded) return { applied: false }; // a replay
    const ids = found.map((d) => d.id);
    const now = new Date();
    const changed =
      effect.kind === "complaint"
        ? await tx
            .update(deliveries)
            .set({ reason: "complained" })
            .where(and(inArray(deliveries.id, ids), sql`${deliveries.reason} is distinct from 'complained'`))
            .returning({
              notificationId: deliveries.notificationId,
              id: deliveries.id,
              tenantId: deliveries.tenantId,
            })
        : await tx
            .update(deliveries)
            .set({
              status: effect.status,
              ...(effect.status === "delivered" ? { deliveredAt: now } : { failedAt: now }),
              ...(effect.reason ? { reason: effect.reason } : {}),
              ...(effect.lastError ? { lastError: effect.lastError } : {}),
            })
            .where(and(inArray(deliveries.id, ids), inArray(deliveries.status, sourcesOf(effect.status))))
            .returning({
              notificationId: deliveries.notificationId,
              id: deliveries.id,
              tenantId: deliveries.tenantId,
            });
    // A complaint changes no status: nothing to settle.
    if (effect.kind === "status") {
      // An announcement's delivery has no notification to settle.
      await settleNotifications(
        tx,
        changed.flatMap((c) => (c.notificationId ? [c.notificationId] : [])),
      );
      for (const c of changed)
        statusChanges.push({ tenantId: c.tenantId, deliveryId: c.id, status: effect.status });
    }
    return { applied: changed.length > 0 };
  });
  if (statusChanges.length > 0) bus().publish("delivery.status_changed", { changes: statusChanges });
  return result;
}

/** Drops processed-event records older than `olderThanMs` (providers stop retrying within days). */
export async function pruneWebhookEvents(db: Db, olderThanMs = 30 * 24 * 3600_000): Promise<number> {
  const deleted = await db
    .delete(webhookEvents)
    .where(lt(webhookEvents.createdAt, new Date(Date.now() - olderThanMs)))
    .returning({ eventId: webhookEvents.eventId });
  return deleted.length;
}
