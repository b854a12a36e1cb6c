// One delivery attempt: claim the row, find the address, render, send through the channel's
// provider, and record the outcome. Retries honour Retry-After; nothing moves a delivery backwards.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { deliveries, notifications, pushSubscriptions, users, type DeliveryStatus } from "../db/schema";
import { env } from "../env";
import { logger } from "../log";
import { metrics } from "../metrics";
import { renderEmail } from "./email/render";
import { providerFor } from "./providers";
import { enqueueJobs, jobFor } from "./queue";
import { ProviderError, type ExternalChannel, type RenderedMessage } from "./types";

export const MAX_ATTEMPTS = 3;

/** Exponential backoff with jitter: ~2 s, ~4 s, ~8 s … (capped at 5 min). */
export function retryDelayMs(attempt: number, random = Math.random): number {
  const base = Math.min(300_000, 2000 * 2 ** (attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

type Claimed = typeof deliveries.$inferSelect;

async function claim(db: Db, deliveryId: string): Promise<Claimed | null> {
  const [row] = await db
    .update(deliveries)
    .set({ status: "sending", attempts: sql`${deliveries.attempts} + 1` })
    .where(and(eq(deliveries.id, deliveryId), inArray(deliveries.status, ["queued", "sending"])))
    .returning();
  return row ?? null;
}

function count(channel: string, status: DeliveryStatus): void {
  const m = metrics();
  m.notificationSent.inc({ channel, status });
  if ((channel === "email" || channel === "sms") && (status === "sent" || status === "failed")) {
    m.channelTotals[`${channel}_${status}`].inc();
  }
}

async function finish(
  db: Db,
  d: Claimed,
  status: DeliveryStatus,
  fields: Partial<typeof deliveries.$inferInsert> = {},
): Promise<void> {
  const id = d.id;
  const stamp =
    status === "sent" ? { sentAt: new Date() } : status === "failed" ? { failedAt: new Date() } : {};
  await db
    .update(deliveries)
    .set({ status, ...stamp, ...fields })
    .where(and(eq(deliveries.id, id), eq(deliveries.status, "sending")));
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

/** Runs one attempt of a delivery. Safe to run twice: only a queued/sending row is claimed. */
export async function processDelivery(db: Db, deliveryId: string): Promise<DeliveryStatus | null> {
  const d = await claim(db, deliveryId);
  if (!d) return null; // already finished, cancelled, or another worker's
  const [row] = await db
    .select({ n: notifications, user: users })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.id, d.notificationId), eq(notifications.tenantId, d.tenantId)))
    .limit(1);
  if (!row || row.n.deletedAt || row.n.status === "recalled" || row.n.status === "cancelled") {
    await finish(db, d, "cancelled", { reason: row?.n.status ?? "deleted" });
    return "cancelled";
  }
  const channel = d.channel as ExternalChannel;
  const targets = await destinationsOf(db, channel, row.user);
  if (targets.length === 0) {
    await finish(db, d, "skipped", { reason: "no_address" });
    await settleNotification(db, d.notificationId);
    return "skipped";
  }
  const provider = providerFor(channel, env());
  const meta = row.n.metadata as { action_url?: unknown; action_text?: unknown };
  const base: Omit<RenderedMessage, "to"> = {
    deliveryId: d.id,
    tenantId: d.tenantId,
    channel,
    title: row.n.title,
    text: row.n.content,
    actionUrl: typeof meta.action_url === "string" ? meta.action_url : undefined,
    actionText: typeof meta.action_text === "string" ? meta.action_text : undefined,
    data: row.n.metadata,
  };
  if (channel === "email") {
    const rendered = await renderEmail({
      title: base.title,
      text: base.text,
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
    await finish(db, d, "sent", {
      provider: provider.name,
      destination: targets.map((t) => (channel === "push" ? "push" : t.to)).join(", "),
      providerMessageId: sentId,
      lastError: null,
    });
    await settleNotification(db, d.notificationId);
    return "sent";
  }
  const perr = lastError instanceof ProviderError ? lastError : null;
  const message = lastError instanceof Error ? lastError.message : String(lastError);
  const retryable = perr ? perr.retryable : true; // an unexpected error (bug, network) may pass
  if (retryable && d.attempts < MAX_ATTEMPTS) {
    const wait = Math.max(retryDelayMs(d.attempts), perr?.retryAfterMs ?? 0);
    await db
      .update(deliveries)
      .set({ status: "queued", provider: provider.name, lastError: message, reason: perr?.code ?? "error" })
      .where(and(eq(deliveries.id, d.id), eq(deliveries.status, "sending")));
    await enqueueJobs(db, channel, [
      jobFor(d.id, d.attempts + 1, row.n.priority, new Date(Date.now() + wait)),
    ]);
    logger().warn(
      { deliveryId: d.id, attempt: d.attempts, waitMs: wait, err: message },
      "delivery will be retried",
    );
    return "queued";
  }
  await finish(db, d, "failed", {
    provider: provider.name,
    lastError: message,
    reason: perr?.code ?? "error",
  });
  await settleNotification(db, d.notificationId);
  return "failed";
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
    .innerJoin(notifications, eq(notifications.id, deliveries.notificationId))
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
    await enqueueJobs(db, s.channel as ExternalChannel, [jobFor(s.id, attempt, s.priority)]);
  }
  return stale.length;
}
