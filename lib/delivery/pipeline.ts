// One attempt of each delivery of a batch, in three steps: claim the rows (claim.ts), decide what
// each does from the facts gathered here (decide.ts, pure), and record how it ended (record.ts).
// Sending, the one step with side effects outside the database, happens between decide and record.
import { inSpan, runInContext, SpanKind, type Context } from "../telemetry/tracing";
import { DomainError } from "../errors";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { deliveries, notifications, pushSubscriptions, type DeliveryStatus } from "../db/schema";
import { announcementMessage } from "../announcements/message";
import { metrics } from "../metrics";
import type { UserPreferences } from "../preferences/decide";
import { loadPreferences } from "../preferences/store";
import { chatDestinationsFor, chatTargetsByKey } from "../chat/store";
import { devicesOfUsers, dropDevice } from "../push/devices";
import { channelMessageFor, type ChannelMessage } from "../templates/render";
import { claimDeliveries } from "./claim";
import {
  afterFailedSend,
  decide,
  quotaSpent,
  type Outcome,
  type ProviderRef,
  type ProviderState,
  type PushSubscription,
  type PushDevice,
  type ChatTargetFact,
  type SkippedTargets,
  type Target,
  type Send,
  type Sent,
} from "./decide";
import { circuitOf, throughBreaker } from "./breakers";
import { clock } from "../clock";
import { appUrl, env } from "../env";
import { renderEmailOnce } from "../providers/email/render";
import { footerUnsubscribeOf, withEngagement } from "./engagement";
import {
  chainFor,
  IntegrationUnusableError,
  mobileSendersFor,
  NoProviderError,
  type ChainMember,
  type ChannelSender,
  type MobileSenders,
} from "./providers";
import { enqueueJobs, jobFor } from "../queue/deliveries";
import { consumeSharedQuota } from "./quota";
import { cancelOrphans, record, recordAttempts, recordSent, type AttemptRecord } from "./record";
import type { DeliverySource } from "./source";
import { CLAIMED, claimableStatuses } from "../vocabulary/delivery-status";
import { ProviderError, type ExternalChannel, type RenderedMessage } from "../providers/types";

export { LAST_PROVIDER_ATTEMPTS, MAX_ATTEMPTS, retryDelayMs } from "./decide";

/** The channel's chain: what sends each member, or why it cannot (an unusable integration; nothing allowed). */
type Chain = { members: ChainMember[] } | { unusable: ProviderState };

async function chainOf(db: Db, tenantId: string, channel: ExternalChannel): Promise<Chain> {
  try {
    return { members: await chainFor(db, tenantId, channel) };
  } catch (err) {
    if (!(err instanceof NoProviderError)) throw err;
    return { unusable: { kind: "unusable", code: err.code, message: err.message } };
  }
}

/** A sender as deciding sees it, with its circuit as it stands now. */
function stateOf(m: ChainMember, channel: ExternalChannel): ProviderState {
  if (m instanceof IntegrationUnusableError) {
    const provider = { name: m.providerName, integrationId: m.integrationId || null };
    return { kind: "unusable", code: m.code, message: m.message, provider };
  }
  const { name } = m.provider;
  const circuit = circuitOf({ channel, name, integrationId: m.integrationId });
  return { kind: "ready", name, integrationId: m.integrationId, shared: !!m.shared, circuit };
}

/** The chain as deciding sees it. */
function statesOf(chain: Chain, channel: ExternalChannel): ProviderState[] {
  if ("unusable" in chain) return [chain.unusable];
  return chain.members.map((m) => stateOf(m, channel));
}

function mobileStatesOf(senders: MobileSenders): DecideMobile {
  return Object.fromEntries(Object.entries(senders).map(([platform, m]) => [platform, stateOf(m, "push")]));
}

type DecideMobile = Parameters<typeof decide>[0]["mobile"];

/** What sends to a device: its platform's integration the decision named. */
function mobileSenderOf(senders: MobileSenders, ref: ProviderRef): ChannelSender {
  const found = Object.values(senders).find(
    (m): m is ChannelSender =>
      !(m instanceof IntegrationUnusableError) && m.integrationId === ref.integrationId,
  );
  if (!found) throw new Error(`No mobile push sender for ${ref.name}`);
  return found;
}

function senderOf(chain: Chain, ref: ProviderRef): ChannelSender {
  const found =
    "members" in chain &&
    chain.members.find(
      (m): m is ChannelSender =>
        !(m instanceof IntegrationUnusableError) &&
        m.integrationId === ref.integrationId &&
        m.provider.name === ref.name,
    );
  if (!found) throw new Error(`No sender for ${ref.name} in the chain`);
  return found;
}

/** The message in the channel's form, rendered only for a delivery that goes out. */
async function messageOf(db: Db, s: DeliverySource): Promise<Omit<RenderedMessage, "to">> {
  // The channel's own block when sent from a template (in the recipient's locale), else the stored
  // text; an announcement's Markdown as plain text, and as sanitised HTML in an email.
  // A workflow step's message was rendered when the step ran.
  const { bodyHtml, ...content }: ChannelMessage & { bodyHtml?: string } =
    s.kind === "announcement"
      ? announcementMessage(s.announcement)
      : s.kind === "workflow"
        ? s.workflow.message
        : await channelMessageFor(db, { tenantId: s.tenantId, ...s.notification }, s.channel, s.recipient);
  const base: Omit<RenderedMessage, "to"> = {
    deliveryId: s.id,
    tenantId: s.tenantId,
    channel: s.channel,
    ...content,
  };
  if (s.channel === "email" && !content.html) {
    const rendered = await renderEmailOnce({
      title: base.title,
      text: base.text,
      bodyHtml,
      actionUrl: base.actionUrl,
      actionText: base.actionText,
      unsubscribeUrl: footerUnsubscribeOf(s),
      // An email of a notification that is in the inbox too says where to find it there.
      inboxUrl:
        s.kind === "notification" && s.notification.channels.includes("app")
          ? `${appUrl()}/inbox`
          : undefined,
      locale: s.recipient.locale,
    });
    base.html = rendered.html;
    base.text = rendered.text;
  }
  // The recipient's unsubscribe link and headers, and the tenant's open and click tracking.
  return s.channel === "email" ? withEngagement(db, s, base) : base;
}

/** One provider's share of an attempt: whether any of its targets took the message, and its last error. */
type ProviderShare = { ref: ProviderRef; sent: boolean; error?: unknown };

/**
 * Sends to every target; a success with any target is a success. Push sends to the browsers through
 * the chain's provider and to each mobile device through its platform's integration. `attempts`:
 * one row per provider called (none when no call was made: a spent quota, a message that does not
 * render), and one per group of targets left out.
 */
async function send(
  db: Db,
  s: DeliverySource,
  d: Send,
  senders: { web: () => ChannelSender; mobile: MobileSenders },
): Promise<{ outcome: Outcome; attempts: AttemptRecord[] }> {
  if (d.metered) {
    const quota = await consumeSharedQuota(db, s.tenantId, s.channel);
    if (!quota.allowed) return { outcome: quotaSpent(s.channel, quota.limit, d.provider), attempts: [] };
  }
  let base: Omit<RenderedMessage, "to">;
  try {
    base = await messageOf(db, s);
  } catch (err) {
    // A message that cannot be rendered (a template gone, a variable refused) is the delivery's
    // outcome, decided by the error's code like a provider's refusal.
    if (err instanceof DomainError) return { outcome: afterFailedSend(d, err, clock().now()), attempts: [] };
    throw err;
  }
  const startedAt = new Date();
  const shares = new Map<string, ProviderShare>();
  let lastError: unknown;
  let sentId: string | null | undefined;
  const sendOne = async (sender: ChannelSender, ref: ProviderRef, target: Target) => {
    const key = `${ref.name}:${ref.integrationId}`;
    const share = shares.get(key) ?? { ref, sent: false };
    shares.set(key, share);
    try {
      const stop = metrics().channelDuration.startTimer({ channel: s.channel });
      const result = await throughBreaker({ channel: s.channel, ...ref }, () =>
        inSpan(
          `provider ${ref.name}`,
          {
            "herald.provider": ref.name,
            "herald.channel": s.channel,
            "herald.delivery_id": s.id,
            ...originOf(s),
          },
          () =>
            sender.provider.send({ ...base, to: target.to, ...(target.appId && { appId: target.appId }) }),
          { kind: SpanKind.CLIENT },
        ),
      ).finally(() => stop());
      sentId ??= result.providerMessageId;
      share.sent = true;
    } catch (err) {
      lastError = err;
      share.error = err;
      // A subscription the browser dropped, or a device whose app is gone, is removed; the other
      // targets still count.
      if (err instanceof ProviderError && err.code === "subscription_gone" && target.subscriptionId) {
        await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, target.subscriptionId));
      }
      if (err instanceof ProviderError && err.code === "device_gone" && target.deviceId) {
        await dropDevice(db, s.tenantId, target.deviceId);
      }
    }
  };
  if (d.targets.length > 0) {
    const sender = senders.web();
    for (const target of d.targets) await sendOne(sender, d.provider, target);
  }
  for (const device of d.devices ?? []) {
    await sendOne(mobileSenderOf(senders.mobile, device.provider), device.provider, device.target);
  }
  const endedAt = new Date();
  const breaker = { channel: s.channel, ...d.provider };
  const main = shares.get(`${d.provider.name}:${d.provider.integrationId}`);
  const sentBy = [...shares.values()].find((x) => x.sent)?.ref;
  // What the retry decision reads when nothing went out: the delivery's own provider's error first
  // (failover is along its chain), but any error a retry may get past keeps the delivery retrying.
  const errors = [main, ...shares.values()].map((x) => x?.error).filter((e) => e !== undefined);
  const decisive = errors.find((e) => !(e instanceof ProviderError) || e.retryable) ?? errors[0] ?? lastError;
  const outcome: Outcome =
    sentId === undefined || !sentBy
      ? afterFailedSend({ ...d, circuitOpen: circuitOf(breaker) === "open" }, decisive, clock().now())
      : {
          action: "sent",
          // The chain's provider when it reached a browser, else the integration that reached a device.
          provider: main?.sent ? d.provider : sentBy,
          destination:
            d.targets.map((t) => (s.channel === "push" ? "push" : (t.label ?? t.to))).join(", ") || "push",
          providerMessageId: sentId,
          sentAt: endedAt,
        };
  const attempts = [...shares.values()].map((share): AttemptRecord => {
    if (share.sent) return attemptOf(s, share.ref, outcome, startedAt, endedAt);
    // A provider that reached none of its targets, each with its own error: failed when the
    // delivery went out through another, else ending as the delivery does (retry, failover, failed).
    const own = failureOf(share.error);
    const row = attemptOf(
      s,
      share.ref,
      outcome.action === "sent" ? { action: "fail", ...own, provider: share.ref } : outcome,
      startedAt,
      endedAt,
    );
    return { ...row, errorCode: own.reason, errorMessage: own.lastError };
  });
  for (const skipped of d.skipped ?? []) attempts.push(skippedAttempt(s, skipped, startedAt));
  return { outcome, attempts };
}

/** How an error reads in the attempts log. */
function failureOf(error: unknown): { reason: string; lastError: string } {
  const reason = error instanceof ProviderError || error instanceof DomainError ? error.code : "error";
  return { reason, lastError: error instanceof Error ? error.message : String(error) };
}

/** The attempts log's row for targets this attempt left out (a platform without integration). */
function skippedAttempt(s: DeliverySource, skipped: SkippedTargets, at: Date): AttemptRecord {
  const targets = skipped.count === 1 ? "1 target" : `${skipped.count} targets`;
  return {
    deliveryId: s.id,
    tenantId: s.tenantId,
    attempt: s.attempts,
    provider: skipped.provider.name,
    integrationId: skipped.provider.integrationId,
    outcome: "skipped",
    errorCode: skipped.reason,
    errorMessage: `${skipped.message} (${targets})`,
    startedAt: at,
    endedAt: at,
  };
}

/** The attempts log's row for one provider call. */
function attemptOf(
  s: DeliverySource,
  provider: ProviderRef,
  outcome: Outcome,
  startedAt: Date,
  endedAt: Date,
): AttemptRecord {
  const failure =
    outcome.action === "fail"
      ? outcome
      : outcome.action === "requeue" && "failure" in outcome
        ? outcome.failure
        : null;
  const kind =
    outcome.action === "sent"
      ? "sent"
      : outcome.action === "requeue"
        ? outcome.cause === "failover"
          ? "failover"
          : "retry"
        : "failed";
  return {
    deliveryId: s.id,
    tenantId: s.tenantId,
    attempt: s.attempts,
    provider: provider.name,
    integrationId: provider.integrationId,
    outcome: kind,
    errorCode: failure?.reason ?? null,
    errorMessage: failure?.lastError ?? null,
    startedAt,
    endedAt,
  };
}

export type DeliveryOutcome = { deliveryId: string } & (
  { status: DeliveryStatus | null } | { error: unknown }
);

/** What a delivery is of, as span attributes. */
function originOf(s: DeliverySource): Record<string, string> {
  if (s.kind === "notification") return { "herald.notification_id": s.notificationId };
  if (s.kind === "announcement") return { "herald.announcement_id": s.announcementId };
  return { "herald.workflow_run_id": s.workflowRunId, "herald.workflow_step_id": s.stepId };
}

/**
 * Runs one attempt of each delivery: one statement claims them all, the sends run at once, one
 * statement records the successes. Safe to run twice: only a queued/sending row is claimed, so a
 * delivery another worker finished (or a repeated id) answers null. A failure of one delivery is its
 * outcome; a failure of the shared statements rejects (the jobs run again, the provider sees the
 * same idempotency key).
 * `contexts` (tracing): each delivery's job span, aligned with `deliveryIds`, under which its
 * decision, provider call and record run.
 */
export async function processDeliveries(
  db: Db,
  deliveryIds: string[],
  contexts?: readonly (Context | undefined)[],
): Promise<DeliveryOutcome[]> {
  const { claimed, unclaimed } = await claimDeliveries(db, [...new Set(deliveryIds)]);
  // Rare: these are still claimable but have no notification (or recipient) any more.
  await cancelOrphans(db, unclaimed);
  const sources = [...claimed.values()];
  const [prefs, subscriptions, devices, chat] = await Promise.all([
    preferencesOf(db, sources),
    subscriptionsOf(db, sources),
    devicesOf(db, sources),
    chatDestinationsOf(db, sources),
  ]);
  // One chain lookup per tenant and channel of the batch, and one of its mobile push senders.
  const chains = new Map<string, Promise<Chain>>();
  const chainOfSource = (s: DeliverySource) => {
    const key = `${s.tenantId}:${s.channel}`;
    if (!chains.has(key)) chains.set(key, chainOf(db, s.tenantId, s.channel));
    return chains.get(key)!;
  };
  const mobiles = new Map<string, Promise<MobileSenders>>();
  const mobileOfSource = (s: DeliverySource): Promise<MobileSenders> => {
    // Only a push delivery to a user with devices needs them.
    if (s.channel !== "push" || !devices.has(s.recipient.id)) return Promise.resolve({});
    if (!mobiles.has(s.tenantId)) mobiles.set(s.tenantId, mobileSendersFor(db, s.tenantId));
    return mobiles.get(s.tenantId)!;
  };
  const { DELIVERY_MAX_AGE } = env();
  const sent: { source: DeliverySource; outcome: Sent }[] = [];
  const attempts: AttemptRecord[] = [];
  const seen = new Set<string>();
  const outcomes = await Promise.all(
    deliveryIds.map((deliveryId, i): Promise<DeliveryOutcome> => {
      const ctx = contexts?.[i];
      return ctx ? runInContext(ctx, () => processOne(deliveryId)) : processOne(deliveryId);
    }),
  );
  async function processOne(deliveryId: string): Promise<DeliveryOutcome> {
    const s = claimed.get(deliveryId);
    if (!s || seen.has(deliveryId)) return { deliveryId, status: null };
    seen.add(deliveryId);
    try {
      const [chain, mobile] = await Promise.all([chainOfSource(s), mobileOfSource(s)]);
      const decision = decide({
        source: s,
        preferences: prefs.get(s.recipient.id),
        subscriptions: subscriptions.get(s.recipient.id) ?? [],
        chat: chat.get(s.id),
        devices: devices.get(s.recipient.id) ?? [],
        mobile: mobileStatesOf(mobile),
        chain: statesOf(chain, s.channel),
        now: clock().now(),
        maxAgeMs: DELIVERY_MAX_AGE,
      });
      let outcome: Outcome;
      if (decision.action === "send") {
        const web = () => senderOf(chain, decision.provider);
        const result = await send(db, s, decision, { web, mobile });
        attempts.push(...result.attempts);
        outcome = result.outcome;
      } else outcome = decision;
      if (outcome.action !== "sent") return { deliveryId, status: await record(db, s, outcome) };
      sent.push({ source: s, outcome });
      return { deliveryId, status: "sent" };
    } catch (error) {
      return { deliveryId, error };
    }
  }
  await recordSent(db, sent);
  await recordAttempts(db, attempts);
  return outcomes;
}

/** The recipients' preferences for a claimed batch: one query per tenant in it (usually one). */
async function preferencesOf(db: Db, sources: DeliverySource[]): Promise<Map<string, UserPreferences>> {
  const byTenant = new Map<string, string[]>();
  for (const s of sources) byTenant.set(s.tenantId, [...(byTenant.get(s.tenantId) ?? []), s.recipient.id]);
  const all = new Map<string, UserPreferences>();
  for (const [tenantId, userIds] of byTenant) {
    for (const [id, p] of await loadPreferences(db, tenantId, [...new Set(userIds)])) all.set(id, p);
  }
  return all;
}

/** The push subscriptions of the batch's push recipients, in one query. */
async function subscriptionsOf(db: Db, sources: DeliverySource[]): Promise<Map<string, PushSubscription[]>> {
  const userIds = [...new Set(sources.filter((s) => s.channel === "push").map((s) => s.recipient.id))];
  const byUser = new Map<string, PushSubscription[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db.select().from(pushSubscriptions).where(inArray(pushSubscriptions.userId, userIds));
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  return byUser;
}

/** The mobile devices of the batch's push recipients: one query per tenant in it (usually one). */
async function devicesOf(db: Db, sources: DeliverySource[]): Promise<Map<string, PushDevice[]>> {
  const byTenant = new Map<string, Set<string>>();
  for (const s of sources) {
    if (s.channel !== "push") continue;
    byTenant.set(s.tenantId, (byTenant.get(s.tenantId) ?? new Set()).add(s.recipient.id));
  }
  const all = new Map<string, PushDevice[]>();
  for (const [tenantId, userIds] of byTenant) {
    for (const [userId, rows] of await devicesOfUsers(db, tenantId, [...userIds])) all.set(userId, rows);
  }
  return all;
}

/** Each chat delivery's destinations: the recipient's own and its named chat targets. */
async function chatDestinationsOf(db: Db, sources: DeliverySource[]): Promise<Map<string, ChatTargetFact[]>> {
  const chat = sources.filter((s) => s.channel === "chat");
  const keysByTenant = new Map<string, string[]>();
  for (const s of chat)
    keysByTenant.set(s.tenantId, [...(keysByTenant.get(s.tenantId) ?? []), ...(s.chatTargets ?? [])]);
  const targets = new Map(
    await Promise.all(
      [...keysByTenant].map(
        async ([tenantId, keys]) => [tenantId, await chatTargetsByKey(db, tenantId, keys)] as const,
      ),
    ),
  );
  return new Map(
    chat.map((s) => [s.id, chatDestinationsFor(s.recipient, s.chatTargets ?? [], targets.get(s.tenantId)!)]),
  );
}

/** Runs one attempt of a delivery (see processDeliveries). */
export async function processDelivery(db: Db, deliveryId: string): Promise<DeliveryStatus | null> {
  const [outcome] = await processDeliveries(db, [deliveryId]);
  if ("error" in outcome!) throw outcome.error;
  return outcome!.status;
}

/**
 * Second line of defence: deliveries still `queued` (or stuck `sending`) long after their last
 * change get their job again. A job still live for the same attempt is not duplicated.
 */
export async function sweepDeliveries(db: Db, olderThanMs = 5 * 60_000): Promise<number> {
  const stale = await db
    .select({
      id: deliveries.id,
      channel: deliveries.channel,
      status: deliveries.status,
      attempts: deliveries.attempts,
      priority: notifications.priority,
    })
    .from(deliveries)
    // An announcement's or a workflow step's delivery has no notification: it is re-enqueued at
    // normal priority.
    .leftJoin(notifications, eq(notifications.id, deliveries.notificationId))
    .where(
      and(
        inArray(deliveries.status, claimableStatuses()),
        sql`${deliveries.updatedAt} < now() - ${`${Math.round(olderThanMs / 1000)} seconds`}::interval`,
        sql`${deliveries.deferredUntil} is null or ${deliveries.deferredUntil} < now()`,
      ),
    )
    .limit(1000);
  for (const s of stale) {
    // A row stuck claimed lost the job of attempt n; a queued row's next job is attempt n+1.
    const attempt = s.status === CLAIMED ? Math.max(1, s.attempts) : s.attempts + 1;
    await enqueueJobs(db, s.channel as ExternalChannel, [jobFor(s.id, attempt, s.priority ?? "normal")]);
  }
  return stale.length;
}
