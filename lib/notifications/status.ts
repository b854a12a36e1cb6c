// The notification status machine (pending, processing, sent, failed, plus recall, cancel and expiry). Read state is read_at, not a status.
// Every write that moves a notification's status takes its target and its sources from here.
import type { NotificationStatus } from "../vocabulary/enums";
import { conflict } from "../errors";

const transitions: Record<NotificationStatus, readonly NotificationStatus[]> = {
  // Waiting for its scheduled time (or for the pipeline to pick it up).
  pending: ["processing", "sent", "failed", "recalled", "cancelled", "expired"],
  // Channels are being delivered.
  processing: ["sent", "failed", "recalled", "expired"],
  // At least one channel succeeded; later channels may still fail without undoing that.
  sent: ["recalled", "expired"],
  // Every channel failed; a late success (e.g. a retried channel) still counts.
  failed: ["sent", "recalled", "expired"],
  recalled: [],
  cancelled: [],
  // Past its expires_at: out of every list and count, like a recall, until retention deletes it.
  expired: [],
};

export function canTransition(from: NotificationStatus, to: NotificationStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses a transition to `to` may start from (for guarded UPDATE … WHERE status IN (…)). */
export function sourcesOf(to: NotificationStatus): NotificationStatus[] {
  return (Object.keys(transitions) as NotificationStatus[]).filter((from) => canTransition(from, to));
}

/** The status a stored notification starts in unless told otherwise (the table's default too). */
export const INITIAL_NOTIFICATION_STATUS = "pending" as const satisfies NotificationStatus;

/** Where a release takes a notification: in-app counts as sent at once; otherwise its deliveries decide. */
export function releaseTargetOf({ inApp }: { inApp: boolean }): "sent" | "processing" {
  return inApp ? "sent" : "processing";
}

/** Statuses a release starts from: both of its targets must be legal from them. */
export function releaseSources(): NotificationStatus[] {
  const targets = [releaseTargetOf({ inApp: true }), releaseTargetOf({ inApp: false })];
  return (Object.keys(transitions) as NotificationStatus[]).filter((from) =>
    targets.every((to) => canTransition(from, to)),
  );
}

/** A new notification's status: a scheduled one waits for its release, any other is released at once. */
export function initialNotificationStatus(send: { scheduled: boolean; inApp: boolean }): NotificationStatus {
  return send.scheduled ? INITIAL_NOTIFICATION_STATUS : releaseTargetOf(send);
}

/** Statuses whose external deliveries decide the outcome: a pending one waits for its release. */
const AWAITING_DELIVERIES: readonly NotificationStatus[] = ["processing", "failed"];

/** Where its deliveries settle a notification: sent once any succeeded, failed once all ended without. */
export function settleTargetOf({ succeeded }: { succeeded: boolean }): "sent" | "failed" {
  return succeeded ? "sent" : "failed";
}

/**
 * Statuses a delivery's end may settle a notification to `to` from. Settling again to the status
 * it has is allowed (deliveries of one notification end on several workers at once).
 */
export function settleSourcesOf(to: "sent" | "failed"): NotificationStatus[] {
  return AWAITING_DELIVERIES.filter((from) => from === to || canTransition(from, to));
}

export function assertTransition(from: NotificationStatus, to: NotificationStatus): void {
  if (!canTransition(from, to)) throw conflict(`A ${from} notification cannot become ${to}`);
}

/** Statuses a recipient sees in the inbox: delivered in-app, whatever the external channels did. */
export const VISIBLE_STATUSES: readonly NotificationStatus[] = ["processing", "sent", "failed"];

export function isVisible(status: NotificationStatus): boolean {
  return VISIBLE_STATUSES.includes(status);
}

/** Where a notification goes at its expires_at, and the statuses it may go there from. */
export const EXPIRED_STATUS = "expired" as const satisfies NotificationStatus;
export function expirySources(): NotificationStatus[] {
  return sourcesOf(EXPIRED_STATUS);
}
