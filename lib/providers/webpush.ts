// Web Push (VAPID, aes128gcm) through the `web-push` library; `to` is the browser's subscription JSON.
// Endpoints come from browsers, so every send goes through the guarded agent and web-push follows no
// redirects: a 3xx is a failed send.
import webpush from "web-push";
import {
  guardedAgent,
  hasCode,
  isAddressRefused,
  RESPONSE_TOO_LARGE,
  type GuardedHttpsAgent,
} from "../http/outbound";
import { pushEndpointProblem } from "../push/endpoints";
import { ProviderError, type Provider, type RenderedMessage } from "./types";
import { errorForStatus, networkError, PROVIDER_TIMEOUT_MS } from "./errors";

export type WebPushConfig = {
  publicKey: string;
  privateKey: string;
  /** mailto: or https: contact for push services. */
  subject: string;
  /** How long the push service keeps an undelivered message (default one day). */
  ttlSeconds?: number;
  timeoutMs?: number;
  /** A certificate authority to trust besides the system's (tests: the local push service's). */
  ca?: string | Buffer;
};

export type PushSubscriptionJson = { endpoint: string; keys: { p256dh: string; auth: string } };

/** The JSON a service worker receives in its `push` event. */
export type PushPayload = { title: string; body: string; url?: string; tag: string };

/** A new VAPID key pair (base64url), for VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY. */
function base64urlLength(value: unknown): number {
  if (typeof value !== "string" || !/^[A-Za-z0-9_-]+=*$/.test(value)) return -1;
  return Buffer.from(value, "base64url").length;
}

/** The subscription when it is one web-push can encrypt for, else undefined. */
export function parseSubscription(to: string): PushSubscriptionJson | undefined {
  let value: unknown;
  try {
    value = JSON.parse(to);
  } catch {
    return undefined;
  }
  const sub = value as Partial<PushSubscriptionJson> | null;
  if (typeof sub?.endpoint !== "string" || !sub.keys) return undefined;
  try {
    if (new URL(sub.endpoint).protocol !== "https:") return undefined;
  } catch {
    return undefined;
  }
  // An uncompressed P-256 point is 65 bytes; the auth secret is 16.
  if (base64urlLength(sub.keys.p256dh) !== 65 || base64urlLength(sub.keys.auth) < 16) return undefined;
  return { endpoint: sub.endpoint, keys: { p256dh: sub.keys.p256dh, auth: sub.keys.auth } };
}

export function classifyWebPushError(cause: unknown): ProviderError {
  // The endpoint resolves to a private, loopback or metadata address: no retry changes that.
  if (isAddressRefused(cause)) {
    return new ProviderError(`webpush: ${(cause as Error).message}`, false, "address_refused");
  }
  if (hasCode(cause, RESPONSE_TOO_LARGE)) {
    return new ProviderError(`webpush: ${(cause as Error).message}`, false, "response_too_large");
  }
  if (!(cause instanceof webpush.WebPushError)) return networkError("webpush", cause);
  const status = cause.statusCode;
  const detail = String(cause.body ?? "").slice(0, 200);
  // The browser unsubscribed or the subscription expired: it will never work again.
  if (status === 404 || status === 410) {
    return new ProviderError(`webpush: HTTP ${status} ${detail}`.trim(), false, "subscription_gone");
  }
  if (status === 413)
    return new ProviderError(`webpush: HTTP 413 ${detail}`.trim(), false, "payload_too_large");
  const retryAfter = cause.headers?.["retry-after"];
  return errorForStatus("webpush", status, detail, typeof retryAfter === "string" ? retryAfter : undefined);
}

export function createWebPushProvider(config: WebPushConfig): Provider {
  const vapidDetails = {
    subject: config.subject,
    publicKey: config.publicKey,
    privateKey: config.privateKey,
  };
  let vapidProblem: string | undefined;
  try {
    // web-push checks the keys and subject only while sending; checking once here names the bad setting.
    webpush.getVapidHeaders(
      "https://push.example",
      vapidDetails.subject,
      vapidDetails.publicKey,
      vapidDetails.privateKey,
      "aes128gcm",
    );
  } catch (cause) {
    vapidProblem = (cause as Error).message;
  }
  // Shared by every send; one of its own only when it must trust another certificate authority.
  const agent = guardedAgent("https://push.invalid", config.ca === undefined ? undefined : { ca: config.ca });
  return {
    name: "webpush",
    channel: "push",
    async send(message: RenderedMessage) {
      if (vapidProblem) throw new ProviderError(`webpush: ${vapidProblem}`, false, "misconfigured");
      const subscription = parseSubscription(message.to);
      if (!subscription) {
        throw new ProviderError("webpush: not a valid push subscription", false, "invalid_address");
      }
      // Also checked at registration; a row from before, or a test send's destination, is checked here.
      const problem = pushEndpointProblem(subscription.endpoint);
      if (problem) {
        throw new ProviderError(`webpush: the endpoint ${problem}`, false, "address_refused");
      }
      const payload: PushPayload = {
        title: message.title,
        body: message.text,
        url: message.actionUrl,
        tag: message.deliveryId,
      };
      // A retry with the same topic replaces a copy still waiting at the push service instead of adding one.
      const topic = /^[0-9a-f-]{36}$/i.test(message.deliveryId)
        ? message.deliveryId.replaceAll("-", "")
        : undefined;
      try {
        const result = await webpush.sendNotification(subscription, JSON.stringify(payload), {
          vapidDetails,
          TTL: config.ttlSeconds ?? 86_400,
          contentEncoding: "aes128gcm",
          urgency: "normal",
          topic,
          timeout: config.timeoutMs ?? PROVIDER_TIMEOUT_MS,
          agent: agent as GuardedHttpsAgent,
        });
        const location = result.headers?.location;
        return { providerMessageId: typeof location === "string" ? location : null };
      } catch (cause) {
        throw classifyWebPushError(cause);
      }
    },
    async close() {
      if (config.ca !== undefined) agent.destroy();
    },
  };
}
