// The delivery status machine: every write that moves a delivery's status takes its target and the
// statuses it may start from here. It sits with the vocabulary because the layers below delivery/
// (the queue's inserts, a recall's cancel) write delivery statuses too.
import type { DeliveryStatus } from "./enums";
import { conflict } from "../errors";

const transitions: Record<DeliveryStatus, readonly DeliveryStatus[]> = {
  // Waiting for its job; a recall, a cancel or a lost notification stops it before it is claimed.
  queued: ["sending", "cancelled"],
  // Claimed by a worker. Claimed again when that worker died; back to queued when it must wait
  // (release, do-not-disturb, a retry); otherwise the attempt's end.
  sending: ["sending", "queued", "sent", "failed", "skipped", "cancelled"],
  // Accepted by the provider, which may report more later.
  sent: ["delivered", "bounced", "failed"],
  // An asynchronous bounce can still follow a delivery report.
  delivered: ["bounced", "failed"],
  bounced: [],
  failed: [],
  skipped: [],
  cancelled: [],
};

/** A new delivery waits for its job; a requeued one waits again. */
export const INITIAL_DELIVERY_STATUS = "queued" as const satisfies DeliveryStatus;

/** What a worker's claim moves a delivery to; the attempt's end moves it on from there. */
export const CLAIMED = "sending" as const satisfies DeliveryStatus;

/** Statuses that count as a success for the notification the delivery belongs to. */
export const SUCCEEDED: readonly DeliveryStatus[] = ["sent", "delivered"];

export function canTransition(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return transitions[from].includes(to);
}

/** Statuses a move to `to` may start from (for guarded UPDATE … WHERE status IN (…)). */
export function sourcesOf(to: DeliveryStatus): DeliveryStatus[] {
  return (Object.keys(transitions) as DeliveryStatus[]).filter((from) => canTransition(from, to));
}

/** Statuses a job may still claim: the delivery is not over yet. */
export const claimableStatuses = (): DeliveryStatus[] => sourcesOf(CLAIMED);

/**
 * The sources of `to` for a write that leaves claimed deliveries to their worker (a recall or a
 * cancel: the worker reads the notification's new status and ends the attempt itself).
 */
export function unclaimedSourcesOf(to: DeliveryStatus): DeliveryStatus[] {
  return sourcesOf(to).filter((from) => from !== CLAIMED);
}

export function assertTransition(from: DeliveryStatus, to: DeliveryStatus): void {
  if (!canTransition(from, to)) throw conflict(`A ${from} delivery cannot become ${to}`);
}
