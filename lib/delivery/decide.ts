// What one attempt of a claimed delivery does, as data: pure (no database, no clock: `now` is
// given), so every outcome and its reason is a unit test. The pipeline gathers the facts, asks
// here, and the record step writes the answer.
import { announcementDeliveryFacts, announcementStopReason } from "../announcements/message";
import {
  decide as decideForRecipient,
  type NotificationFacts,
  type SkipReason as PreferenceSkipReason,
  type UserPreferences,
} from "../preferences/decide";
import { DomainError, type ErrorCode } from "../errors";
import type { DeliverySource, Recipient } from "./source";
import { ProviderError, type ExternalChannel } from "../providers/types";
import { RUN_CANCELLED } from "../vocabulary/workflow-run-status";
import type { ChatDestination } from "../chat/schema";

export const MAX_ATTEMPTS = 3;

// A scheduled delivery can come due a moment before its batch's release job has run; it waits this
// long and tries again, so the notification's status is settled after the release, not before it.
export const RELEASE_WAIT_MS = 250;
// …but not forever: a release that never ran (its job lost) must not hold the delivery back.
export const RELEASE_WAIT_LIMIT_MS = 60_000;

/** Exponential backoff with jitter: ~2 s, ~4 s, ~8 s … (capped at 5 min). */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** `label`: how the send log names the target when `to` must not be shown (a chat webhook URL). */
export type Target = { to: string; subscriptionId?: string; label?: string };
/** A chat destination of the delivery (the recipient's own, or a named chat target). */
export type ChatTargetFact = { destination: ChatDestination; label: string };
export type PushSubscription = { id: string; endpoint: string; p256dh: string; auth: string };

/** Who sends the channel for the tenant, as far as deciding needs to know. */
export type ProviderState =
  | { kind: "ready"; name: string; integrationId: string | null; shared: boolean }
  // The tenant's integration cannot send, or nothing may send for it: no retry helps.
  | { kind: "unusable"; code: string; message: string; provider?: ProviderRef };

export type ProviderRef = { name: string; integrationId: string | null };

/** What a failed attempt leaves on the delivery row. `provider` absent: the row's is kept. */
export type FailureReport = { reason: string; lastError: string; provider?: ProviderRef };

export type CancelReason = "deleted" | "recalled" | "cancelled" | "user_deleted" | "archived" | "expired";
export type SkipReason = PreferenceSkipReason | "no_address";

export type Cancel = { action: "cancel"; reason: CancelReason };
export type Skip = { action: "skip"; reason: SkipReason };
/**
 * Queued again for `at`. Waiting for a release or a do-not-disturb window gives the attempt back;
 * a retry keeps it and says what went wrong.
 */
export type Requeue =
  | { action: "requeue"; cause: "unreleased"; at: Date }
  | { action: "requeue"; cause: "do_not_disturb"; at: Date }
  | { action: "requeue"; cause: "retry"; at: Date; failure: FailureReport & { provider: ProviderRef } };
export type Fail = { action: "fail" } & FailureReport;
/** `metered`: this attempt counts against the shared provider's daily quota. */
export type Send = { action: "send"; targets: Target[]; provider: ProviderRef; metered: boolean };
export type Sent = {
  action: "sent";
  provider: ProviderRef;
  destination: string;
  providerMessageId: string | null;
  sentAt: Date;
};

export type Decision = Cancel | Skip | Requeue | Fail | Send;
/** How an attempt ends: what the record step writes. */
export type Outcome = Exclude<Decision, Send> | Sent;

export type DecideInput = {
  source: DeliverySource;
  preferences: UserPreferences | undefined;
  /** The recipient's push subscriptions (read only for the push channel). */
  subscriptions: readonly PushSubscription[];
  /** The delivery's chat destinations (read only for the chat channel). */
  chat?: readonly ChatTargetFact[];
  provider: ProviderState;
  now: Date;
};

/** The type and priority preferences judge a delivery by, and its job's priority. */
export function factsOf(source: DeliverySource): NotificationFacts {
  if (source.kind === "announcement") return announcementDeliveryFacts(source.announcement.severity);
  // A critical workflow bypasses opt-outs and quiet hours; its job goes first as an urgent one.
  if (source.kind === "workflow") {
    const { key, category, critical } = source.workflow;
    return { type: "info", priority: critical ? "urgent" : "normal", workflow: { key, category, critical } };
  }
  return { type: source.notification.type, priority: source.notification.priority };
}

export function targetsOf(
  channel: ExternalChannel,
  recipient: Recipient,
  subscriptions: readonly PushSubscription[],
  chat: readonly ChatTargetFact[] = [],
): Target[] {
  if (channel === "chat") return chat.map((c) => ({ to: JSON.stringify(c.destination), label: c.label }));
  if (channel === "email") return recipient.email ? [{ to: recipient.email }] : [];
  if (channel === "sms") return recipient.phone ? [{ to: recipient.phone }] : [];
  if (channel === "wechat") return recipient.wechatOpenid ? [{ to: recipient.wechatOpenid }] : [];
  return subscriptions.map((s) => ({
    to: JSON.stringify({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }),
    subscriptionId: s.id,
  }));
}

function stopReason(source: DeliverySource, now: Date): CancelReason | null {
  if (source.kind === "announcement") {
    if (source.announcement.deletedAt) return "deleted";
  } else if (source.kind === "workflow") {
    // A run cancelled after its step wrote the delivery sends nothing more.
    if (source.workflow.runStatus === RUN_CANCELLED) return "cancelled";
  } else {
    const n = source.notification;
    if (n.deletedAt) return "deleted";
    if (n.status === "recalled" || n.status === "cancelled") return n.status;
  }
  // A user deleted after the send was written gets nothing more.
  if (source.recipient.deletedAt) return "user_deleted";
  // Archived or expired since the batch was written: what is still queued is not sent.
  if (source.kind === "announcement") return announcementStopReason(source.announcement, now);
  return null;
}

export function decide({ source, preferences, subscriptions, chat, provider, now }: DecideInput): Decision {
  const stopped = stopReason(source, now);
  if (stopped) return { action: "cancel", reason: stopped };
  if (
    source.kind === "notification" &&
    source.notification.status === "pending" &&
    now.getTime() - (source.notification.scheduledAt?.getTime() ?? 0) < RELEASE_WAIT_LIMIT_MS
  ) {
    return { action: "requeue", cause: "unreleased", at: new Date(now.getTime() + RELEASE_WAIT_MS) };
  }
  // The recipient's choices, judged when the delivery goes out (a scheduled or deferred one too).
  const choice = decideForRecipient(preferences, factsOf(source), source.channel, now);
  if (choice.action === "skip") return { action: "skip", reason: choice.reason };
  // Do-not-disturb: queued again for the window's end; never dropped.
  if (choice.action === "defer") return { action: "requeue", cause: "do_not_disturb", at: choice.until };
  const targets = targetsOf(source.channel, source.recipient, subscriptions, chat);
  if (targets.length === 0) return { action: "skip", reason: "no_address" };
  if (provider.kind === "unusable") {
    const { code, message } = provider;
    return {
      action: "fail",
      reason: code,
      lastError: message,
      ...(provider.provider && { provider: provider.provider }),
    };
  }
  const ref = { name: provider.name, integrationId: provider.integrationId };
  // A delivery counts once against the shared quota, at its first attempt: a retry was paid for.
  return { action: "send", targets, provider: ref, metered: provider.shared && source.attempts === 1 };
}

/** A metered send the shared provider's daily quota refused. */
export function quotaSpent(channel: ExternalChannel, limit: number, provider: ProviderRef): Fail {
  const lastError =
    `Daily quota of ${limit} ${channel} deliveries through the shared provider is spent` +
    ` (configure a ${channel} integration)`;
  return {
    action: "fail",
    reason: "quota_exceeded",
    lastError,
    provider: { name: provider.name, integrationId: null },
  };
}

/** The domain error codes after which the same delivery may succeed later; the others fail it. */
const RETRYABLE_CODES = new Set<ErrorCode>(["rate_limited", "unavailable", "conflict"]);

/** A send that reached no target: retried while the error allows and attempts remain, else failed. */
export function afterFailedSend(
  source: DeliverySource,
  provider: ProviderRef,
  error: unknown,
  now: Date,
  random = Math.random,
): Requeue | Fail {
  const perr = error instanceof ProviderError ? error : null;
  const derr = error instanceof DomainError ? error : null;
  const failure = {
    reason: perr?.code ?? derr?.code ?? "error",
    lastError: error instanceof Error ? error.message : String(error),
    provider,
  };
  // A domain error says whether waiting helps (a limit, an outage) or not (missing, invalid);
  // an unexpected error (bug, network) may pass.
  const retryable = perr ? perr.retryable : derr ? RETRYABLE_CODES.has(derr.code) : true;
  if (retryable && source.attempts < MAX_ATTEMPTS) {
    const wait = Math.max(retryDelayMs(source.attempts, random), perr?.retryAfterMs ?? 0);
    return { action: "requeue", cause: "retry", at: new Date(now.getTime() + wait), failure };
  }
  return { action: "fail", ...failure };
}
