// Writes how an attempt ended: the delivery row (moved only as the delivery status machine allows),
// its next job when it waits, and the notification's status when its deliveries settle it.
import { traceCarrier } from "../telemetry/tracing";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { Db, Executor } from "../db/client";
import { bus } from "../events";
import { deliveries, deliveryAttempts, type DeliveryStatus } from "../db/schema";
import { logger } from "../log";
import { metrics } from "../metrics";
import { settleSourcesOf, settleTargetOf } from "../notifications/status";
import { factsOf, type Outcome, type Requeue, type Sent } from "./decide";
import { enqueueJobs, jobFor } from "../queue/deliveries";
import type { DeliverySource } from "./source";
import {
  assertTransition,
  CLAIMED,
  claimableStatuses,
  INITIAL_DELIVERY_STATUS,
  sourcesOf,
  SUCCEEDED,
} from "../vocabulary/delivery-status";

function count(channel: string, status: DeliveryStatus): void {
  const m = metrics();
  m.notificationSent.inc({ channel, status });
  if ((channel === "email" || channel === "sms") && (status === "sent" || status === "failed")) {
    m.channelTotals[`${channel}_${status}`].inc();
  }
}

/**
 * How the notification's status follows this delivery's end: not at all (an announcement, or a
 * notification already sent, e.g. in-app), in the same statement (its only external channel), or by
 * counting its deliveries after the commit (several channels, which may end at the same moment on
 * other workers: only a count after each commit sees them all).
 */
type Settle = "none" | "alone" | "count";

function settleModeOf(s: DeliverySource): Settle {
  if (s.kind !== "notification" || s.notification.status === "sent") return "none";
  return s.notification.channels.filter((c) => c !== "app").length === 1 ? "alone" : "count";
}

/**
 * The one settle rule: a notification waiting on its deliveries becomes `sent` once any succeeded,
 * `failed` once all ended without success. `tally` selects (notification_id, ok, open).
 */
function settleSql(tally: SQL): SQL {
  const sent = settleTargetOf({ succeeded: true });
  const failed = settleTargetOf({ succeeded: false });
  return sql`
    update notifications n set
      status = case when s.ok > 0 then ${sent}::text else ${failed}::text end,
      sent_at = case when s.ok > 0 then coalesce(n.sent_at, now()) else n.sent_at end,
      updated_at = now()
    from (${tally}) s
    where n.id = s.notification_id
      and ((s.ok > 0 and n.status = any(${sql.param(settleSourcesOf(sent))}::text[]))
        or (s.ok = 0 and s.open = 0 and n.status = any(${sql.param(settleSourcesOf(failed))}::text[])))`;
}

/** Settles the notifications from the deliveries as they stand (see settleSql). */
export async function settleNotifications(db: Executor, notificationIds: readonly string[]): Promise<void> {
  if (notificationIds.length === 0) return;
  await db.execute(
    settleSql(sql`
      select notification_id,
             count(*) filter (where status = any(${sql.param(SUCCEEDED)}::text[])) as ok,
             count(*) filter (where status = any(${sql.param(claimableStatuses())}::text[])) as open
      from deliveries where notification_id = any(${sql.param([...new Set(notificationIds)])}::uuid[])
      group by notification_id`),
  );
}

/** The guard of a write to a delivery this worker claimed: it must still be claimed. */
function stillClaimed(s: DeliverySource, to: DeliveryStatus): SQL {
  assertTransition(CLAIMED, to);
  return and(eq(deliveries.id, s.id), eq(deliveries.status, CLAIMED))!;
}

/**
 * Waits for `at`; the next job runs the same attempt when this one was given back, else the next.
 * A retry or a failover notes the provider that failed and the attempts spent on it, so the next
 * attempt knows where in the chain the delivery is.
 */
async function requeue(db: Db, s: DeliverySource, r: Requeue): Promise<void> {
  const retry = r.cause === "retry" || r.cause === "failover" ? r : null;
  const to = INITIAL_DELIVERY_STATUS;
  await db
    .update(deliveries)
    .set({
      status: to,
      ...(retry
        ? {
            provider: retry.failure.provider.name,
            integrationId: retry.failure.provider.integrationId,
            providerAttempts: retry.providerAttempts,
            lastError: retry.failure.lastError,
            reason: retry.failure.reason,
          }
        : { attempts: sql`${deliveries.attempts} - 1` }),
      ...(r.cause === "do_not_disturb" ? { deferredUntil: r.at } : {}),
    })
    .where(stillClaimed(s, to));
  const next = retry ? s.attempts + 1 : s.attempts;
  await enqueueJobs(db, s.channel, [jobFor(s.id, next, factsOf(s).priority, r.at, traceCarrier())]);
  if (retry) {
    logger().warn(
      {
        deliveryId: s.id,
        attempt: s.attempts,
        provider: retry.failure.provider.name,
        retryAt: r.at.toISOString(),
        err: retry.failure.lastError,
      },
      retry.cause === "failover" ? "delivery moves to the next provider" : "delivery will be retried",
    );
  }
}

/** Ends the attempt without a send; a notification waiting on this delivery alone settles with it. */
async function finish(
  db: Db,
  s: DeliverySource,
  to: "cancelled" | "skipped" | "failed",
  fields: Partial<typeof deliveries.$inferInsert>,
  settle: Settle,
): Promise<void> {
  const update = db
    .update(deliveries)
    .set({ status: to, ...(to === "failed" ? { failedAt: new Date() } : {}), ...fields })
    .where(stillClaimed(s, to));
  if (settle === "alone") {
    const finished = update.returning({ notificationId: deliveries.notificationId });
    await db.execute(
      sql`with finished as ${finished} ${settleSql(sql`select notification_id, 0 as ok, 0 as open from finished`)}`,
    );
  } else {
    await update;
    if (settle === "count" && s.kind === "notification") await settleNotifications(db, [s.notificationId]);
  }
  count(s.channel, to);
  bus().publish("delivery.status_changed", {
    changes: [{ tenantId: s.tenantId, deliveryId: s.id, status: to }],
  });
}

/** Records an outcome other than a send (those are recorded together, see recordSent). */
export async function record(
  db: Db,
  s: DeliverySource,
  outcome: Exclude<Outcome, Sent>,
): Promise<DeliveryStatus> {
  switch (outcome.action) {
    case "requeue":
      await requeue(db, s, outcome);
      return INITIAL_DELIVERY_STATUS;
    case "cancel":
      // A cancelled delivery leaves the notification's status to whatever stopped it.
      await finish(db, s, "cancelled", { reason: outcome.reason }, "none");
      return "cancelled";
    case "skip":
      await finish(db, s, "skipped", { reason: outcome.reason }, settleModeOf(s));
      return "skipped";
    case "fail": {
      const { reason, lastError, provider } = outcome;
      const fields = {
        ...(provider ? { provider: provider.name, integrationId: provider.integrationId } : {}),
        lastError,
        reason,
      };
      await finish(db, s, "failed", fields, settleModeOf(s));
      return "failed";
    }
  }
}

/**
 * Records a batch's successful sends in one statement, and, for notifications whose only external
 * channel this was, their `sent` status in the same one. Rows no longer `sending` are left alone.
 */
export async function recordSent(db: Db, sent: { source: DeliverySource; outcome: Sent }[]): Promise<void> {
  if (sent.length === 0) return;
  const to = "sent";
  assertTransition(CLAIMED, to);
  const column = <T>(pick: (s: { source: DeliverySource; outcome: Sent }) => T) => sql.param(sent.map(pick));
  await db.execute(sql`
    with v as (
      select * from unnest(
        ${column((s) => s.source.id)}::text[], ${column((s) => s.outcome.provider.name)}::text[],
        ${column((s) => s.outcome.provider.integrationId)}::text[], ${column((s) => s.outcome.destination)}::text[],
        ${column((s) => s.outcome.providerMessageId)}::text[],
        ${column((s) => s.outcome.sentAt.toISOString())}::text[], ${column((s) => settleModeOf(s.source))}::text[]
      ) as v(id, provider, integration_id, destination, provider_message_id, sent_at, settle)
    ),
    finished as (
      update deliveries d set
        status = ${to}, provider = v.provider, integration_id = v.integration_id::uuid,
        destination = v.destination, provider_message_id = v.provider_message_id, last_error = null,
        sent_at = v.sent_at::timestamptz, updated_at = now()
      from v
      where d.id = v.id::uuid and d.status = ${CLAIMED}
      returning d.notification_id, v.settle
    )
    ${settleSql(sql`select notification_id, 1 as ok, 0 as open from finished where settle = 'alone'`)}`);
  // After the commit above, so the count sees these deliveries sent.
  await settleNotifications(
    db,
    sent.flatMap(({ source: s }) =>
      s.kind === "notification" && settleModeOf(s) === "count" ? [s.notificationId] : [],
    ),
  );
  for (const s of sent) count(s.source.channel, to);
  bus().publish("delivery.status_changed", {
    changes: sent.map(({ source: s }) => ({ tenantId: s.tenantId, deliveryId: s.id, status: to })),
  });
}

/** Claimable deliveries that lost their notification (or recipient): nothing to send any more. */
export async function cancelOrphans(db: Db, deliveryIds: string[]): Promise<void> {
  if (deliveryIds.length === 0) return;
  const to = "cancelled";
  const orphans = await db
    .update(deliveries)
    .set({ status: to, reason: "deleted" })
    .where(and(inArray(deliveries.id, deliveryIds), inArray(deliveries.status, sourcesOf(to))))
    .returning({ channel: deliveries.channel });
  for (const o of orphans) count(o.channel, to);
}

/** One provider call of a delivery, for the attempts log. */
export type AttemptRecord = Omit<typeof deliveryAttempts.$inferInsert, "id">;

/** Writes a batch's provider attempts in one statement. */
export async function recordAttempts(db: Executor, attempts: readonly AttemptRecord[]): Promise<void> {
  if (attempts.length === 0) return;
  await db.insert(deliveryAttempts).values([...attempts]);
}
