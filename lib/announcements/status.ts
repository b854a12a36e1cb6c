// The announcement status machine: publish, schedule and archive take their target and the
// statuses they may start from here. Deleting is not a status (deleted_at), in any status.
import { conflict } from "../errors";
import type { AnnouncementStatus } from "../vocabulary/enums";

const transitions: Record<AnnouncementStatus, readonly AnnouncementStatus[]> = {
  // Being written; publishing makes it live now, or scheduled when publish_at is ahead.
  draft: ["scheduled", "published", "archived"],
  // Waiting for publish_at (a job), or published early by hand.
  scheduled: ["published", "archived"],
  // Live until archived; expiry only hides it (expires_at), it stays published.
  published: ["archived"],
  archived: [],
};

/** What a publish job publishes: an announcement still waiting for its time (not one published since). */
export const AWAITING_PUBLISH = "scheduled" as const satisfies AnnouncementStatus;

export function canTransition(from: AnnouncementStatus, to: AnnouncementStatus): boolean {
  return transitions[from].includes(to);
}

export function assertTransition(from: AnnouncementStatus, to: AnnouncementStatus): void {
  const article = /^[aeiou]/.test(from) ? "An" : "A";
  if (!canTransition(from, to)) throw conflict(`${article} ${from} announcement cannot become ${to}`);
}

/** Statuses a move to `to` may start from. */
export function sourcesOf(to: AnnouncementStatus): AnnouncementStatus[] {
  return (Object.keys(transitions) as AnnouncementStatus[]).filter((from) => canTransition(from, to));
}
