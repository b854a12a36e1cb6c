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
import type { DeliverySource, ProviderRoute, Recipient } from "./source";
import { ProviderError, type ExternalChannel } from "../providers/types";
import { RUN_CANCELLED } from "../vocabulary/workflow-run-status";
import type { CircuitStateName } from "../integrations/schema";
import { isProviderFault } from "../providers/errors";
import type { ChatDestination } from "../chat/schema";
import type { PushDevicePlatform } from "../db/schema/push-devices";

/** Attempts per provider of the chain: a delivery moves to the next one after these. */
export const MAX_ATTEMPTS = 3;
/**
 * Attempts on the chain's last usable provider, which has nothing to fail over to: a burst of 5xx
 * answers outlasts three tries (~14 s), so it keeps retrying (backoff 2, 4 … 128 s, ~4 min in all).
 */
export const LAST_PROVIDER_ATTEMPTS = 8;

/** The attempts a provider gets: fewer when a later one of the chain can take the delivery over. */
export const attemptBudget = (canFailOver: boolean) => (canFailOver ? MAX_ATTEMPTS : LAST_PROVIDER_ATTEMPTS);

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

/**
 * `label`: how the send log names the target when `to` must not be shown (a chat webhook URL).
 * `deviceId`/`appId`: a mobile device's row and app (the APNs topic).
 */
export type Target = {
  to: string;
  subscriptionId?: string;
  deviceId?: string;
  appId?: string;
  label?: string;
};
/** A mobile device of the recipient (push channel). */
export type PushDevice = { id: string; platform: PushDevicePlatform; token: string; appId: string | null };
/** A device target and the tenant's integration for its platform that sends to it. */
export type DeviceSend = { target: Target; provider: ProviderRef };
/** Targets of the delivery that this attempt leaves out, and why (shown in the delivery log). */
export type SkippedTargets = { provider: ProviderRef; reason: string; message: string; count: number };
/** A chat destination of the delivery (the recipient's own, or a named chat target). */
export type ChatTargetFact = { destination: ChatDestination; label: string };
export type PushSubscription = { id: string; endpoint: string; p256dh: string; auth: string };

/** One provider of the tenant's chain for the channel, as far as deciding needs to know. */
export type ProviderState =
  | {
      kind: "ready";
      name: string;
      integrationId: string | null;
      shared: boolean;
      /** This process's circuit breaker for it (closed when absent). */
      circuit?: CircuitStateName;
    }
  // The tenant's integration cannot send, or nothing may send for it: no retry helps.
  | { kind: "unusable"; code: string; message: string; provider?: ProviderRef };

export type ProviderRef = { name: string; integrationId: string | null };

/** What a failed attempt leaves on the delivery row. `provider` absent: the row's is kept. */
export type FailureReport = { reason: string; lastError: string; provider?: ProviderRef };

export type CancelReason = "deleted" | "recalled" | "cancelled" | "user_deleted" | "archived" | "expired";
/** `no_push_integration`: the user has only mobile devices, of platforms the tenant sends none to. */
export type SkipReason = PreferenceSkipReason | "no_address" | "no_push_integration";

export type Cancel = { action: "cancel"; reason: CancelReason };
export type Skip = { action: "skip"; reason: SkipReason };
/**
 * Queued again for `at`. Waiting for a release or a do-not-disturb window gives the attempt back;
 * a retry keeps it and says what went wrong. `providerAttempts`: the attempts now spent on the
 * failed provider (a failover spends its whole budget, so the next attempt takes the next one).
 */
export type Requeue =
  | { action: "requeue"; cause: "unreleased"; at: Date }
  | { action: "requeue"; cause: "do_not_disturb"; at: Date }
  | {
      action: "requeue";
      cause: "retry" | "failover";
      at: Date;
      providerAttempts: number;
      failure: FailureReport & { provider: ProviderRef };
    };
export type Fail = { action: "fail" } & FailureReport;
/**
 * `metered`: this attempt counts against the shared provider's daily quota. `providerAttempt`: which
 * attempt on this provider it is; `canFailOver`: a later provider of the chain may take over.
 */
export type Send = {
  action: "send";
  /** What `provider` sends to (for push: the Web Push subscriptions; may be empty then). */
  targets: Target[];
  provider: ProviderRef;
  metered: boolean;
  providerAttempt: number;
  canFailOver: boolean;
  /** Push: the recipient's mobile devices, each through its platform's integration. */
  devices?: DeviceSend[];
  /** Push: targets left out, e.g. devices of a platform the tenant has no integration for. */
  skipped?: SkippedTargets[];
};
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
  /** The tenant's providers for the channel, in the order they are tried (never empty). */
  chain: readonly ProviderState[];
  /** The delivery's chat destinations (read only for the chat channel). */
  chat?: readonly ChatTargetFact[];
  /** The recipient's mobile devices (read only for the push channel). */
  devices?: readonly PushDevice[];
  /** Per platform, the tenant's integration that sends to its devices; absent: it has none. */
  mobile?: Partial<Record<PushDevicePlatform, ProviderState>>;
  now: Date;
  /** A delivery not sent this long after it was created (or scheduled for) fails as `expired`. */
  maxAgeMs: number;
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
    if (n.status === "recalled" || n.status === "cancelled" || n.status === "expired") return n.status;
  }
  // A user deleted after the send was written gets nothing more.
  if (source.recipient.deletedAt) return "user_deleted";
  // Archived or expired since the batch was written: what is still queued is not sent.
  if (source.kind === "announcement") return announcementStopReason(source.announcement, now);
  return null;
}

const ageText = (ms: number) =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.max(1, Math.round(ms / 60_000))} min`;

/** When the delivery's life began: its creation, or the time it was scheduled for when later. */
function bornAt(source: DeliverySource): number {
  const scheduled = source.kind === "notification" ? (source.notification.scheduledAt?.getTime() ?? 0) : 0;
  return Math.max(source.createdAt.getTime(), scheduled);
}

const sameProvider = (a: ProviderRef, b: ProviderRoute) =>
  a.integrationId !== null
    ? a.integrationId === b.integrationId
    : b.integrationId === null && a.name === b.name;

const refOf = (m: ProviderState): ProviderRef | undefined =>
  m.kind === "ready" ? { name: m.name, integrationId: m.integrationId } : m.provider;

export type ProviderPick =
  | {
      kind: "send";
      member: Extract<ProviderState, { kind: "ready" }>;
      providerAttempt: number;
      canFailOver: boolean;
    }
  | { kind: "none"; failure: Fail };

/**
 * The provider this attempt goes to: from the one the delivery is on (the chain's head at first),
 * forward, the first usable one whose budget is left and whose circuit is not open. Members before
 * it failed this delivery already. When every one left has an open circuit, the first of them is
 * tried anyway (its breaker answers a retryable circuit_open), so an outage of the whole chain
 * waits instead of failing at once.
 */
export function pickProvider(chain: readonly ProviderState[], route: ProviderRoute): ProviderPick {
  const found = chain.findIndex((m) => {
    const ref = refOf(m);
    return route.name !== null && ref !== undefined && sameProvider(ref, route);
  });
  const start = Math.max(0, found);
  const failoverAfter = (index: number) => chain.slice(index + 1).some((m) => m.kind === "ready");
  const candidates: { index: number; member: Extract<ProviderState, { kind: "ready" }>; attempt: number }[] =
    [];
  let unusable: Fail | undefined;
  for (let i = start; i < chain.length; i++) {
    const m = chain[i]!;
    if (m.kind === "unusable") {
      unusable ??= {
        action: "fail",
        reason: m.code,
        lastError: m.message,
        ...(m.provider && { provider: m.provider }),
      };
      continue;
    }
    const isCurrent = i === found;
    if (isCurrent && route.attempts >= attemptBudget(failoverAfter(i))) continue;
    candidates.push({ index: i, member: m, attempt: isCurrent ? route.attempts + 1 : 1 });
  }
  const chosen = candidates.find((c) => c.member.circuit !== "open") ?? candidates[0];
  if (!chosen) {
    return {
      kind: "none",
      failure: unusable ?? {
        action: "fail",
        reason: "providers_exhausted",
        lastError: "Every provider of the chain was tried",
      },
    };
  }
  return {
    kind: "send",
    member: chosen.member,
    providerAttempt: chosen.attempt,
    canFailOver: failoverAfter(chosen.index),
  };
}

const PLATFORM_NAMES: Record<PushDevicePlatform, string> = { fcm: "FCM", apns: "APNs" };

/**
 * The recipient's devices as sends through their platform's integration; a platform without one
 * (or with one that cannot send) is left out, counted, with the reason.
 */
function deviceSendsOf(
  devices: readonly PushDevice[],
  mobile: Partial<Record<PushDevicePlatform, ProviderState>>,
): { sends: DeviceSend[]; skipped: SkippedTargets[]; unusable?: Fail } {
  const sends: DeviceSend[] = [];
  const skipped = new Map<PushDevicePlatform, SkippedTargets>();
  let unusable: Fail | undefined;
  for (const d of devices) {
    const member = mobile[d.platform];
    if (member?.kind === "ready") {
      const target: Target = { to: d.token, deviceId: d.id, ...(d.appId && { appId: d.appId }) };
      sends.push({ target, provider: { name: member.name, integrationId: member.integrationId } });
      continue;
    }
    const entry = skipped.get(d.platform) ?? {
      provider: member?.provider ?? { name: d.platform, integrationId: null },
      reason: member ? member.code : "no_integration",
      message: member
        ? member.message
        : `No ${d.platform} integration for this tenant: the user's ${PLATFORM_NAMES[d.platform]} devices were skipped`,
      count: 0,
    };
    entry.count++;
    skipped.set(d.platform, entry);
    if (member)
      unusable ??= {
        action: "fail",
        reason: member.code,
        lastError: member.message,
        provider: entry.provider,
      };
  }
  return { sends, skipped: [...skipped.values()], unusable };
}

export function decide({
  source,
  preferences,
  subscriptions,
  chat,
  devices = [],
  mobile = {},
  chain,
  now,
  maxAgeMs,
}: DecideInput): Decision {
  const stopped = stopReason(source, now);
  if (stopped) return { action: "cancel", reason: stopped };
  // The message's own deadline: past it, news is stale and no provider is tried again.
  if (now.getTime() - bornAt(source) > maxAgeMs) {
    return {
      action: "fail",
      reason: "expired",
      lastError: `Not delivered within ${ageText(maxAgeMs)} (DELIVERY_MAX_AGE)`,
    };
  }
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
  if (source.channel === "push") return decidePush(source, targets, deviceSendsOf(devices, mobile), chain);
  if (targets.length === 0) return { action: "skip", reason: "no_address" };
  const pick = pickProvider(chain, source.route);
  if (pick.kind === "none") return pick.failure;
  return sendThrough(pick, targets, source);
}

function sendThrough(
  pick: Extract<ProviderPick, { kind: "send" }>,
  targets: Target[],
  source: DeliverySource,
): Send {
  const { member, providerAttempt, canFailOver } = pick;
  return {
    action: "send",
    targets,
    provider: { name: member.name, integrationId: member.integrationId },
    // A delivery counts once against the shared quota, at its first attempt: a retry was paid for.
    metered: member.shared && source.attempts === 1,
    providerAttempt,
    canFailOver,
  };
}

/**
 * Push reaches every target of the user at once: the browsers through the Web Push chain, the
 * mobile devices through their platform's integration. Devices need no Web Push provider, so a
 * tenant with only mobile integrations (or a chain that cannot send) still reaches them.
 */
function decidePush(
  source: DeliverySource,
  webTargets: Target[],
  mobile: ReturnType<typeof deviceSendsOf>,
  chain: readonly ProviderState[],
): Decision {
  const { sends: devices } = mobile;
  const skipped = [...mobile.skipped];
  const extras = { ...(devices.length > 0 && { devices }), ...(skipped.length > 0 && { skipped }) };
  if (webTargets.length === 0 && devices.length === 0) {
    if (mobile.unusable) return mobile.unusable;
    return { action: "skip", reason: skipped.length > 0 ? "no_push_integration" : "no_address" };
  }
  if (webTargets.length > 0) {
    const pick = pickProvider(chain, source.route);
    if (pick.kind === "send") return { ...sendThrough(pick, webTargets, source), ...extras };
    if (devices.length === 0) return pick.failure;
    // The browsers cannot be reached this time; the devices still are.
    skipped.push({
      provider: pick.failure.provider ?? { name: "webpush", integrationId: null },
      reason: pick.failure.reason,
      message: pick.failure.lastError,
      count: webTargets.length,
    });
  }
  const provider = devices[0]!.provider;
  const route = source.route;
  return {
    action: "send",
    targets: [],
    provider,
    metered: false,
    providerAttempt: route.name !== null && sameProvider(provider, route) ? route.attempts + 1 : 1,
    // A platform's integration has no alternative to fail over to.
    canFailOver: false,
    devices,
    ...(skipped.length > 0 && { skipped }),
  };
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

/**
 * A send that reached no target: retried on the same provider while the error allows and its budget
 * (attemptBudget) remains; a provider fault past that (or one no retry helps, like a refused API key) moves the
 * delivery to the next provider of the chain at once; otherwise, and at the chain's end, it fails.
 */
export function afterFailedSend(
  attempt: Pick<Send, "provider" | "providerAttempt" | "canFailOver"> & {
    /** The provider's circuit opened (this failure or others): waiting for it helps no one. */
    circuitOpen?: boolean;
  },
  error: unknown,
  now: Date,
  random = Math.random,
): Requeue | Fail {
  const { provider, providerAttempt } = attempt;
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
  const passOver = attempt.circuitOpen === true && attempt.canFailOver;
  // The breaker refused without calling the provider: no attempt of this delivery was spent, so
  // it waits for the breaker's probe however long the outage lasts (DELIVERY_MAX_AGE bounds it).
  const refusedByBreaker = perr?.code === "circuit_open";
  if (retryable && (providerAttempt < attemptBudget(attempt.canFailOver) || refusedByBreaker) && !passOver) {
    const wait = Math.max(retryDelayMs(providerAttempt, random), perr?.retryAfterMs ?? 0);
    const at = new Date(now.getTime() + wait);
    const spent = refusedByBreaker ? providerAttempt - 1 : providerAttempt;
    return { action: "requeue", cause: "retry", at, providerAttempts: spent, failure };
  }
  // An unexpected error (not a provider's answer) counts as the provider's when it may pass.
  const providerFault = perr ? isProviderFault(perr) : !derr;
  if (providerFault && attempt.canFailOver) {
    return { action: "requeue", cause: "failover", at: now, providerAttempts: MAX_ATTEMPTS, failure };
  }
  return { action: "fail", ...failure };
}
