// The rule the delivery pipeline applies per recipient and channel at send time: send now, skip
// (with a reason for the delivery row), or defer to the end of the user's do-not-disturb window.
// Pure: the caller loads the preferences (loadPreferences) and passes the clock.
import { DateTime } from "luxon";
import type {
  NotificationChannel,
  NotificationPriority,
  NotificationType,
  WorkflowChoice,
} from "../db/schema";

export type DoNotDisturb = { start: string; end: string };

/** A user's preferences with the defaults filled in (see loadPreferences). */
export type UserPreferences = {
  /** Per type, the channels the user wants; a type with no entry allows every channel. */
  channelsByType: Partial<Record<NotificationType, NotificationChannel[]>>;
  /** Channels turned off for everything. */
  disabledChannels: NotificationChannel[];
  /** Local "HH:MM" times; start > end means the window crosses midnight. */
  doNotDisturb: DoNotDisturb | null;
  /** IANA zone the window is read in: the preference's, else the user's profile, else UTC. */
  timezone: string;
  muteUntil: Date | null;
  /** Per workflow key; an entry here wins over its category's. */
  workflows: Record<string, WorkflowChoice>;
  /** Per workflow category. */
  categories: Record<string, WorkflowChoice>;
};

export const DEFAULT_PREFERENCES: UserPreferences = {
  channelsByType: {},
  disabledChannels: [],
  doNotDisturb: null,
  timezone: "UTC",
  muteUntil: null,
  workflows: {},
  categories: {},
};

export type SkipReason =
  "channel_disabled" | "not_chosen_for_type" | "muted" | "workflow_disabled" | "not_chosen_for_workflow";

/**
 * `silent` is for the in-app live event (the same value on every channel's decision): true when
 * the user is muted, or in do-not-disturb and the notification is not urgent. The row is stored
 * and shown either way; a silent event just raises no sound, toast or desktop alert.
 */
export type Decision =
  | { action: "send"; silent: boolean }
  | { action: "skip"; reason: SkipReason; silent: boolean }
  | { action: "defer"; until: Date; silent: boolean };

/** What a workflow's step is judged by: its key, its category, and whether it is critical. */
export type WorkflowFacts = { key: string; category: string | null; critical: boolean };

export type NotificationFacts = {
  type: NotificationType;
  priority: NotificationPriority;
  /** Set when a workflow step sends it. */
  workflow?: WorkflowFacts;
};

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function isMuted(prefs: UserPreferences, now: Date): boolean {
  return prefs.muteUntil !== null && prefs.muteUntil > now;
}

/**
 * When the do-not-disturb window that `now` falls in ends, or null when `now` is outside it.
 * Wall-clock times in the user's zone (luxon, IANA data from the runtime's ICU), so a DST change
 * inside the window moves its end in UTC as it should. An end time that does not exist that day
 * (spring-forward gap) ends the window at the same wall time after the jump (03:30 for 02:30, as
 * Temporal's "compatible" disambiguation); one that happens twice (fall-back) ends it the first time.
 */
export function doNotDisturbEnd(dnd: DoNotDisturb | null, timezone: string, now: Date): Date | null {
  if (!dnd) return null;
  const local = DateTime.fromJSDate(now, { zone: timezone });
  if (!local.isValid) return null;
  const start = minutesOf(dnd.start);
  const end = minutesOf(dnd.end);
  if (start === end) return null; // an empty window (the schema refuses it; old rows may not)
  const m = local.hour * 60 + local.minute;
  const inside = start < end ? m >= start && m < end : m >= start || m < end;
  if (!inside) return null;
  const [hour, minute] = [Math.floor(end / 60), end % 60];
  // The end is today when it is still ahead on the wall clock, else tomorrow (window across midnight).
  const day = m < end ? local : local.plus({ days: 1 });
  const candidate = DateTime.fromObject(
    { year: day.year, month: day.month, day: day.day, hour, minute },
    { zone: timezone },
  );
  // Luxon resolves a repeated wall time to its later instant; prefer the earlier one if still ahead.
  const shift = candidate.minus({ hours: 3 }).offset - candidate.offset;
  if (shift > 0) {
    const earlier = candidate.minus({ minutes: shift });
    if (earlier.hour === hour && earlier.minute === minute && earlier.toMillis() > now.getTime())
      return earlier.toJSDate();
  }
  return candidate.toJSDate();
}

/** The user's choice for this workflow: its own entry, else its category's, else none. */
export function workflowChoice(prefs: UserPreferences, workflow: WorkflowFacts): WorkflowChoice | undefined {
  return (
    prefs.workflows[workflow.key] ?? (workflow.category ? prefs.categories[workflow.category] : undefined)
  );
}

/**
 * What to do with one channel of one notification for one user. A critical workflow's steps go out
 * whatever the user chose. A workflow's (or its category's) choice comes first and covers in-app
 * too: turning a workflow off means nothing from it. Otherwise in-app is always sent (the inbox is
 * the record). Other channels: the user's global opt-outs and per-type choices first, then mute
 * (skipped, not deferred: muting means "nothing now"), then do-not-disturb, which defers
 * non-urgent ones to the window's end and lets urgent ones through.
 */
export function decide(
  prefs: UserPreferences | null | undefined,
  notification: NotificationFacts,
  channel: NotificationChannel,
  now: Date,
): Decision {
  const p = prefs ?? DEFAULT_PREFERENCES;
  const workflow = notification.workflow;
  if (workflow?.critical) return { action: "send", silent: false };
  const muted = isMuted(p, now);
  const urgent = notification.priority === "urgent";
  const dndEnd = doNotDisturbEnd(p.doNotDisturb, p.timezone, now);
  const silent = muted || (dndEnd !== null && !urgent);
  const choice = workflow && workflowChoice(p, workflow);
  if (choice && !choice.enabled) return { action: "skip", reason: "workflow_disabled", silent };
  if (choice?.channels && !choice.channels.includes(channel))
    return { action: "skip", reason: "not_chosen_for_workflow", silent };
  if (channel === "app") return { action: "send", silent };
  if (p.disabledChannels.includes(channel)) return { action: "skip", reason: "channel_disabled", silent };
  const chosen = p.channelsByType[notification.type];
  if (chosen && !chosen.includes(channel)) return { action: "skip", reason: "not_chosen_for_type", silent };
  if (muted) return { action: "skip", reason: "muted", silent };
  if (dndEnd && !urgent) return { action: "defer", until: dndEnd, silent };
  return { action: "send", silent };
}
