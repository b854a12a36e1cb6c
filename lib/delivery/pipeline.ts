// One delivery attempt: claim the row, apply the recipient's preferences, find the address, render,
// send through the channel's provider, and record the outcome. Retries honour Retry-After; nothing moves a delivery backwards.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import {
  announcementDeliveryFacts,
  announcementMessage,
  announcementStopReason,
} from "../announcements/message";
import {
  announcements,
  deliveries,
  notifications,
  pushSubscriptions,
  users,
  type DeliveryStatus,
  type NotificationPriority,
  type NotificationStatus,
  type NotificationType,
} from "../db/schema";
import { logger } from "../log";
import { metrics } from "../metrics";
import { decide, type UserPreferences } from "../preferences/decide";
import { loadPreferences } from "../preferences/store";
import { channelMessageFor, type ChannelMessage } from "../templates/render";
import { renderEmailOnce } from "./email/render";
import { IntegrationUnusableError, NoProviderError, senderFor, type ChannelSender } from "./providers";
import { consumeSharedQuota } from "./quota";
import { enqueueJobs, jobFor } from "./queue";
import { ProviderError, type ExternalChannel, type RenderedMessage } from "./types";

export const MAX_ATTEMPTS = 3;

// A scheduled delivery can come due a moment before its batch's release job has run; it waits this
// long and tries again, so the notification's status is settled after the release, not before it.
const RELEASE_WAIT_MS = 250;
// …but not forever: a release that never ran (its job lost) must not hold the delivery back.
const RELEASE_WAIT_LIMIT_MS = 60_000;

/** Exponential backoff with jitter: ~2 s, ~4 s, ~8 s … (capped at 5 min). */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/**
 * The claimed delivery with what sending it needs: its notification and recipient. An
 * announcement's delivery has no notification: `n` is made from the announcement (see
 * claimAnnouncementDeliveries) and `announcement` says whether it still stands.
 */
type Claimed = {
  id: string;
  tenantId: string;
  notificationId: string | null;
  channel: string;
  attempts: number;
  announcement?: { title: string; content: string; status: string; expiresAt: Date | null };
  n: {
    type: NotificationType;
    title: string;
    content: string;
    metadata: Record<string, unknown>;
    priority: NotificationPriority;
    status: NotificationStatus;
    channels: string[];
    deletedAt: Date | null;
    scheduledAt: Date | null;
    templateId: string | null;
    templateVersion: number | null;
    templateParams: Record<string, unknown> | null;
  };
  user: {
    id: string;
    externalId: string;
    name: string | null;
    email: string | null;
    phone: string | null;
    wechatOpenid: string | null;
    locale: string | null;
    timezone: string | null;
    deletedAt: Date | null;
  };
};

const claimable = (deliveryIds: string[]) =>
  and(inArray(deliveries.id, deliveryIds), inArray(deliveries.status, ["queued", "sending"]));

/** The recipient's columns both claims read (a notification's and an announcement's deliveries). */
const recipientColumns = {
  userId: users.id,
  externalId: users.externalId,
  name: users.name,
  email: users.email,
  phone: users.phone,
  wechatOpenid: users.wechatOpenid,
  locale: users.locale,
  timezone: users.timezone,
  userDeletedAt: users.deletedAt,
};

function recipientOf(
  row: Omit<Claimed["user"], "id" | "deletedAt"> & { userId: string; userDeletedAt: Date | null },
): Claimed["user"] {
  const { userId, externalId, name, email, phone, wechatOpenid, locale, timezone, userDeletedAt } = row;
  return {
    id: userId,
    externalId,
    name,
    email,
    phone,
    wechatOpenid,
    locale,
    timezone,
    deletedAt: userDeletedAt,
  };
}

/**
 * Moves the deliveries to `sending` and reads their notifications and recipients, all in one
 * statement: at a thousand deliveries a second every round trip counts. A delivery missing from the
 * result has nothing to send (finished, cancelled, another worker's) or lost its notification (then
 * it is cancelled here).
 */
async function claim(db: Db, deliveryIds: string[]): Promise<Map<string, Claimed>> {
  // eslint-disable-next-line drizzle/enforce-update-with-where -- the where follows the from and join
  const rows = await db
    .update(deliveries)
    .set({ status: "sending", attempts: sql`${deliveries.attempts} + 1` })
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
      id: deliveries.id,
      tenantId: deliveries.tenantId,
      notificationId: deliveries.notificationId,
      channel: deliveries.channel,
      attempts: deliveries.attempts,
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
  const claimed = new Map<string, Claimed>();
  for (const row of rows) {
    const { id, tenantId, notificationId, channel, attempts } = row;
    claimed.set(id, {
      id,
      tenantId,
      notificationId,
      channel,
      attempts,
      n: {
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
      user: recipientOf(row),
    });
  }
  let unclaimed = deliveryIds.filter((id) => !claimed.has(id));
  if (unclaimed.length > 0) {
    // Announcement deliveries (no notification row) are claimed here, off the hot path of sends.
    for (const d of await claimAnnouncementDeliveries(db, unclaimed)) claimed.set(d.id, d);
    unclaimed = unclaimed.filter((id) => !claimed.has(id));
  }
  if (unclaimed.length > 0) {
    // Rare: of these, the ones still claimable have no notification (or recipient) any more.
    const orphans = await db
      .update(deliveries)
      .set({ status: "cancelled", reason: "deleted" })
      .where(claimable(unclaimed))
      .returning({ channel: deliveries.channel });
    for (const o of orphans) count(o.channel, "cancelled");
  }
  return claimed;
}

/** claim() for deliveries of an announcement's extra channels: the announcement stands in for the notification. */
async function claimAnnouncementDeliveries(db: Db, deliveryIds: string[]): Promise<Claimed[]> {
  // eslint-disable-next-line drizzle/enforce-update-with-where -- the where follows the from and join
  const rows = await db
    .update(deliveries)
    .set({ status: "sending", attempts: sql`${deliveries.attempts} + 1` })
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
      id: deliveries.id,
      tenantId: deliveries.tenantId,
      channel: deliveries.channel,
      attempts: deliveries.attempts,
      title: announcements.title,
      content: announcements.content,
      severity: announcements.severity,
      status: announcements.status,
      expiresAt: announcements.expiresAt,
      deletedAt: announcements.deletedAt,
      ...recipientColumns,
    });
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenantId,
    notificationId: null,
    channel: row.channel,
    attempts: row.attempts,
    announcement: { title: row.title, content: row.content, status: row.status, expiresAt: row.expiresAt },
    n: {
      ...announcementDeliveryFacts(row.severity),
      title: row.title,
      content: row.content,
      metadata: {},
      // Nothing to settle: there is no notification row.
      status: "sent",
      channels: [],
      deletedAt: row.deletedAt,
      scheduledAt: null,
      templateId: null,
      templateVersion: null,
      templateParams: null,
    },
    user: recipientOf(row),
  }));
}

function count(channel: string, status: DeliveryStatus): void {
  const m = metrics();
  m.notificationSent.inc({ channel, status });
  if ((channel === "email" || channel === "sms") && (status === "sent" || status === "failed")) {
    m.channelTotals[`${channel}_${status}`].inc();
  }
}

/**
 * How the notification's status follows this delivery's end: not at all (already sent, e.g. in-app),
 * directly (its only external channel: one statement with the delivery's update), or by counting
 * its deliveries afterwards (several channels, which may end at the same moment on other workers).
 */
type Settle = "none" | "alone" | "count";

function settleModeOf(d: Claimed): Settle {
  if (d.n.status === "sent") return "none";
  return d.n.channels.filter((c) => c !== "app").length === 1 ? "alone" : "count";
}

async function finish(
  db: Db,
  d: Claimed,
  status: DeliveryStatus,
  fields: Partial<typeof deliveries.$inferInsert> = {},
  settle: Settle = "none",
): Promise<void> {
  const stamp =
    status === "sent" ? { sentAt: new Date() } : status === "failed" ? { failedAt: new Date() } : {};
  const update = db
    .update(deliveries)
    .set({ status, ...stamp, ...fields })
    .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "sending")));
  if (settle === "alone") {
    const ok = status === "sent";
    const finished = db.$with("finished").as(update.returning({ notificationId: deliveries.notificationId }));
    await db
      .with(finished)
      .update(notifications)
      .set({
        status: ok ? "sent" : "failed",
        ...(ok ? { sentAt: sql`coalesce(${notifications.sentAt}, now())` } : {}),
      })
      .where(
        and(
          inArray(notifications.id, db.select({ id: finished.notificationId }).from(finished)),
          inArray(notifications.status, ["processing", "failed"]),
        ),
      );
  } else {
    await update;
    if (settle === "count") await settleNotification(db, d.notificationId!);
  }
  count(d.channel, status);
}

/**
 * A notification without the in-app channel is `processing` until its deliveries settle: `sent`
 * once any succeeded, `failed` once all ended without success.
 */
export async function settleNotification(db: Db, notificationId: string): Promise<void> {
  await db.execute(sql`
    update notifications n set
      status = case when s.ok > 0 then 'sent' else 'failed' end,
      sent_at = case when s.ok > 0 then coalesce(n.sent_at, now()) else n.sent_at end,
      updated_at = now()
    from (
      select count(*) filter (where status in ('sent','delivered')) as ok,
             count(*) filter (where status in ('queued','sending')) as open
      from deliveries where notification_id = ${notificationId}::uuid
    ) s
    where n.id = ${notificationId}::uuid and n.status in ('processing','failed')
      and (s.ok > 0 or s.open = 0)`);
}

async function destinationsOf(
  db: Db,
  channel: ExternalChannel,
  user: { id: string; email: string | null; phone: string | null; wechatOpenid: string | null },
): Promise<{ to: string; subscriptionId?: string }[]> {
  if (channel === "email") return user.email ? [{ to: user.email }] : [];
  if (channel === "sms") return user.phone ? [{ to: user.phone }] : [];
  if (channel === "wechat") return user.wechatOpenid ? [{ to: user.wechatOpenid }] : [];
  const subs = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.userId, user.id));
  return subs.map((s) => ({
    to: JSON.stringify({ endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } }),
    subscriptionId: s.id,
  }));
}

/** A successful send, recorded with the others of its batch in one statement (see recordSent). */
type Sent = {
  d: Claimed;
  settle: Settle;
  provider: string;
  integrationId: string | null;
  destination: string;
  providerMessageId: string | null;
  sentAt: Date;
};

/** One attempt of a claimed delivery; a success is handed back for recording, anything else is recorded here. */
async function attempt(
  db: Db,
  d: Claimed,
  prefs: UserPreferences | undefined,
): Promise<DeliveryStatus | Sent> {
  const { n } = d;
  if (n.deletedAt || n.status === "recalled" || n.status === "cancelled") {
    await finish(db, d, "cancelled", { reason: n.deletedAt ? "deleted" : n.status });
    return "cancelled";
  }
  // A user deleted after the send was written gets nothing more.
  if (d.user.deletedAt) {
    await finish(db, d, "cancelled", { reason: "user_deleted" });
    return "cancelled";
  }
  const stopped = d.announcement && announcementStopReason(d.announcement, new Date());
  if (stopped) {
    // Archived or expired since the batch was written: what is still queued is not sent.
    await finish(db, d, "cancelled", { reason: stopped });
    return "cancelled";
  }
  const channel = d.channel as ExternalChannel;
  if (n.status === "pending" && Date.now() - (n.scheduledAt?.getTime() ?? 0) < RELEASE_WAIT_LIMIT_MS) {
    // Not released yet: the same attempt again shortly (the claim's count is given back).
    await db
      .update(deliveries)
      .set({ status: "queued", attempts: sql`${deliveries.attempts} - 1` })
      .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "sending")));
    await enqueueJobs(db, channel, [
      jobFor(d.id, d.attempts, n.priority, new Date(Date.now() + RELEASE_WAIT_MS)),
    ]);
    return "queued";
  }
  const settle = settleModeOf(d);
  // The recipient's choices, judged when the delivery goes out (a scheduled or deferred one too).
  const decision = decide(prefs, { type: n.type, priority: n.priority }, channel, new Date());
  if (decision.action === "skip") {
    await finish(db, d, "skipped", { reason: decision.reason }, settle);
    return "skipped";
  }
  if (decision.action === "defer") {
    // Do-not-disturb: queued again for the window's end, the attempt given back; never dropped.
    await db
      .update(deliveries)
      .set({ status: "queued", attempts: sql`${deliveries.attempts} - 1`, deferredUntil: decision.until })
      .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "sending")));
    await enqueueJobs(db, channel, [jobFor(d.id, d.attempts, n.priority, decision.until)]);
    return "queued";
  }
  const targets = await destinationsOf(db, channel, d.user);
  if (targets.length === 0) {
    await finish(db, d, "skipped", { reason: "no_address" }, settle);
    return "skipped";
  }
  let sender: ChannelSender;
  try {
    sender = await senderFor(db, d.tenantId, channel);
  } catch (err) {
    if (!(err instanceof IntegrationUnusableError || err instanceof NoProviderError)) throw err;
    // The tenant's integration cannot send (e.g. secrets sealed under another APP_SECRET), or it has
    // none and may not borrow the operator's: no retry helps.
    const fields = {
      ...(err instanceof IntegrationUnusableError
        ? { provider: err.providerName, integrationId: err.integrationId || null }
        : {}),
      lastError: err.message,
      reason: err.code,
    };
    await finish(db, d, "failed", fields, settle);
    return "failed";
  }
  const { provider, integrationId } = sender;
  // A delivery counts once against the shared quota, at its first attempt: a retry was paid for.
  if (sender.shared && d.attempts === 1) {
    const quota = await consumeSharedQuota(db, d.tenantId, channel);
    if (!quota.allowed) {
      const lastError =
        `Daily quota of ${quota.limit} ${channel} deliveries through the shared provider is spent` +
        ` (configure a ${channel} integration)`;
      const fields = { provider: provider.name, integrationId: null, lastError, reason: "quota_exceeded" };
      await finish(db, d, "failed", fields, settle);
      return "failed";
    }
  }
  // The channel's own block when sent from a template (in the recipient's locale), else the stored
  // text; an announcement's Markdown as plain text, and as sanitised HTML in an email.
  const { bodyHtml, ...content }: ChannelMessage & { bodyHtml?: string } = d.announcement
    ? announcementMessage(d.announcement)
    : await channelMessageFor(db, { tenantId: d.tenantId, ...n }, channel, d.user);
  const base: Omit<RenderedMessage, "to"> = { deliveryId: d.id, tenantId: d.tenantId, channel, ...content };
  if (channel === "email" && !content.html) {
    const rendered = await renderEmailOnce({
      title: base.title,
      text: base.text,
      bodyHtml,
      actionUrl: base.actionUrl,
      actionText: base.actionText,
    });
    base.html = rendered.html;
    base.text = rendered.text;
  }
  let lastError: unknown;
  let sentId: string | null | undefined;
  for (const target of targets) {
    try {
      const stop = metrics().channelDuration.startTimer({ channel });
      const result = await provider.send({ ...base, to: target.to }).finally(() => stop());
      sentId ??= result.providerMessageId;
    } catch (err) {
      lastError = err;
      // A push subscription the browser dropped is removed; the other targets still count.
      if (err instanceof ProviderError && err.code === "subscription_gone" && target.subscriptionId) {
        await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, target.subscriptionId));
      }
    }
  }
  if (sentId !== undefined) {
    return {
      d,
      settle,
      provider: provider.name,
      integrationId,
      destination: targets.map((t) => (channel === "push" ? "push" : t.to)).join(", "),
      providerMessageId: sentId,
      sentAt: new Date(),
    };
  }
  const perr = lastError instanceof ProviderError ? lastError : null;
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  const retryable = perr ? perr.retryable : true; // an unexpected error (bug, network) may pass
  if (retryable && d.attempts < MAX_ATTEMPTS) {
    const wait = Math.max(retryDelayMs(d.attempts), perr?.retryAfterMs ?? 0);
    await db
      .update(deliveries)
      .set({
        status: "queued",
        provider: provider.name,
        integrationId,
        lastError: message,
        reason: perr?.code ?? "error",
      })
      .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "sending")));
    await enqueueJobs(db, channel, [jobFor(d.id, d.attempts + 1, n.priority, new Date(Date.now() + wait))]);
    logger().warn(
      { deliveryId: d.id, attempt: d.attempts, waitMs: wait, err: message },
      "delivery will be retried",
    );
    return "queued";
  }
  const fields = {
    provider: provider.name,
    integrationId,
    lastError: message,
    reason: perr?.code ?? "error",
  };
  await finish(db, d, "failed", fields, settle);
  return "failed";
}

/**
 * Records a batch's successful sends in one statement, and, for notifications whose only external
 * channel this was, their `sent` status in the same one. Rows no longer `sending` are left alone.
 */
async function recordSent(db: Db, sent: Sent[]): Promise<void> {
  if (sent.length === 0) return;
  const column = <T>(pick: (s: Sent) => T) => sql.param(sent.map(pick));
  await db.execute(sql`
    with v as (
      select * from unnest(
        ${column((s) => s.d.id)}::text[], ${column((s) => s.provider)}::text[],
        ${column((s) => s.integrationId)}::text[], ${column((s) => s.destination)}::text[],
        ${column((s) => s.providerMessageId)}::text[], ${column((s) => s.sentAt.toISOString())}::text[],
        ${column((s) => s.settle)}::text[]
      ) as v(id, provider, integration_id, destination, provider_message_id, sent_at, settle)
    ),
    finished as (
      update deliveries d set
        status = 'sent', provider = v.provider, integration_id = v.integration_id::uuid,
        destination = v.destination, provider_message_id = v.provider_message_id, last_error = null,
        sent_at = v.sent_at::timestamptz, updated_at = now()
      from v
      where d.id = v.id::uuid and d.status = 'sending'
      returning d.notification_id, v.settle
    )
    update notifications n set status = 'sent', sent_at = coalesce(n.sent_at, now()), updated_at = now()
    from finished f
    where f.settle = 'alone' and n.id = f.notification_id and n.status in ('processing', 'failed')`);
  for (const s of sent) {
    // After the commit above, so the count sees this delivery sent.
    if (s.settle === "count") await settleNotification(db, s.d.notificationId!);
    count(s.d.channel, "sent");
  }
}

export type DeliveryOutcome = { deliveryId: string } & (
  { status: DeliveryStatus | null } | { error: unknown }
);

/**
 * Runs one attempt of each delivery: one statement claims them all, the sends run at once, one
 * statement records the successes. Safe to run twice: only a queued/sending row is claimed, so a
 * delivery another worker finished (or a repeated id) answers null. A failure of one delivery is its
 * outcome; a failure of the shared statements rejects (the jobs run again, the provider sees the
 * same idempotency key).
 */
export async function processDeliveries(db: Db, deliveryIds: string[]): Promise<DeliveryOutcome[]> {
  const claimed = await claim(db, [...new Set(deliveryIds)]);
  const prefs = await preferencesOf(db, [...claimed.values()]);
  const sent: Sent[] = [];
  const seen = new Set<string>();
  const outcomes = await Promise.all(
    deliveryIds.map(async (deliveryId): Promise<DeliveryOutcome> => {
      const d = claimed.get(deliveryId);
      if (!d || seen.has(deliveryId)) return { deliveryId, status: null };
      seen.add(deliveryId);
      try {
        const result = await attempt(db, d, prefs.get(d.user.id));
        if (typeof result === "string") return { deliveryId, status: result };
        sent.push(result);
        return { deliveryId, status: "sent" };
      } catch (error) {
        return { deliveryId, error };
      }
    }),
  );
  await recordSent(db, sent);
  return outcomes;
}

/** The recipients' preferences for a claimed batch: one query per tenant in it (usually one). */
async function preferencesOf(db: Db, claimed: Claimed[]): Promise<Map<string, UserPreferences>> {
  const byTenant = new Map<string, string[]>();
  for (const d of claimed) byTenant.set(d.tenantId, [...(byTenant.get(d.tenantId) ?? []), d.user.id]);
  const all = new Map<string, UserPreferences>();
  for (const [tenantId, userIds] of byTenant) {
    for (const [id, p] of await loadPreferences(db, tenantId, [...new Set(userIds)])) all.set(id, p);
  }
  return all;
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
    // An announcement's delivery has no notification: it is re-enqueued at normal priority.
    .leftJoin(notifications, eq(notifications.id, deliveries.notificationId))
    .where(
      and(
        inArray(deliveries.status, ["queued", "sending"]),
        sql`${deliveries.updatedAt} < now() - ${`${Math.round(olderThanMs / 1000)} seconds`}::interval`,
        sql`${deliveries.deferredUntil} is null or ${deliveries.deferredUntil} < now()`,
      ),
    )
    .limit(1000);
  for (const s of stale) {
    // A queued row's next job is attempt n+1; a row stuck in `sending` lost the job of attempt n.
    const attempt = s.status === "queued" ? s.attempts + 1 : Math.max(1, s.attempts);
    await enqueueJobs(db, s.channel as ExternalChannel, [jobFor(s.id, attempt, s.priority ?? "normal")]);
  }
  return stale.length;
}
