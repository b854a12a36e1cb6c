// The provider adapter contract: every channel provider (Resend, SMTP, Twilio, Web Push, FCM, APNs,
// WeChat, dev outbox) sends one rendered message and classifies its failures as retryable or not.
import type { ExternalChannel } from "../vocabulary/enums";

export type { ExternalChannel };

export type RenderedMessage = {
  /** The delivery row's id: a stable idempotency key, so a retry never sends twice where the provider supports it. */
  deliveryId: string;
  tenantId: string;
  channel: ExternalChannel;
  /**
   * The destination: an email address, an E.164 phone number, a WeChat openid, or for push the
   * subscription as JSON (`{"endpoint","keys":{"p256dh","auth"}}`) or a mobile device's FCM/APNs token.
   */
  to: string;
  /** Email subject / push title / SMS has none. */
  title: string;
  /** Plain text body (user content, not HTML). */
  text: string;
  /** Email only: the rendered HTML body (user content escaped). */
  html?: string;
  /** An action link (metadata.action_url) and its label (metadata.action_text). */
  actionUrl?: string;
  actionText?: string;
  /** Email only: extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
  /** A mobile device's app (package or bundle id) when it registered one: the APNs topic. */
  appId?: string;
  /** Provider-specific extras, e.g. WeChat `{template_id, data}`; push payload fields. */
  data?: Record<string, unknown>;
};

export type SendResult = { providerMessageId: string | null };

/**
 * A failed send. `retryable`: network errors, timeouts, 429 (honour `retryAfterMs`) and 5xx.
 * Not retryable: invalid address and other 4xx — the delivery fails at once.
 * `code` is a stable word for the send log (e.g. "invalid_address", "rate_limited", "subscription_gone").
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly code: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

export interface Provider {
  /** e.g. "resend", "smtp", "twilio", "webpush", "wechat", "outbox" */
  readonly name: string;
  readonly channel: ExternalChannel;
  send(message: RenderedMessage): Promise<SendResult>;
  /** Optional: free sockets and timers. */
  close?(): Promise<void>;
}
