// When a delay step ends (after a duration, at a rendered date-time, or at the next local time of
// day in the recipient's time zone) and when a digest window closes: luxon, so a DST change moves
// the instant, not the wall time.
import { DateTime } from "luxon";
import type { DelayStep, DigestStep } from "../db/schema/workflows";
import { durationSeconds } from "../http/durations";

export type WakeTime = { ok: true; at: Date } | { ok: false; reason: string };

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * The next `HH:MM` in `timeZone` strictly after `now` (on `weekday` when given); an invalid or
 * absent zone is UTC.
 */
export function nextLocalTime(
  now: Date,
  hhmm: string,
  timeZone: string | null | undefined,
  weekday?: Weekday,
): Date {
  const [hour, minute] = hhmm.split(":").map(Number) as [number, number];
  let zone = timeZone || "UTC";
  let local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) {
    zone = "UTC";
    local = DateTime.fromJSDate(now, { zone });
  }
  const at = (day: DateTime) =>
    DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  // luxon's weekday: 1 is Monday, 7 Sunday.
  const ahead = weekday === undefined ? 0 : (WEEKDAYS.indexOf(weekday) + 1 - local.weekday + 7) % 7;
  let candidate = at(local.plus({ days: ahead }));
  if (candidate.toMillis() <= now.getTime()) candidate = at(local.plus({ days: ahead + (weekday ? 7 : 1) }));
  return candidate.toJSDate();
}

/** When a digest window opened at `now` closes: after its duration, or at its next scheduled local time. */
export function digestClosesAt(
  window: DigestStep["window"],
  now: Date,
  timeZone: string | null | undefined,
): Date {
  if ("schedule" in window)
    return nextLocalTime(now, window.at, timeZone, window.schedule === "weekly" ? window.weekday : undefined);
  return new Date(now.getTime() + durationSeconds(window) * 1000);
}

/**
 * A delay's wake time. `rendered` is its `until` after Liquid; a time already past wakes at once.
 */
export function wakeTimeOf(
  step: DelayStep,
  input: { now: Date; timeZone: string | null | undefined; rendered?: string },
): WakeTime {
  const { now } = input;
  if (step.amount !== undefined && step.unit !== undefined)
    return {
      ok: true,
      at: new Date(now.getTime() + durationSeconds({ amount: step.amount, unit: step.unit }) * 1000),
    };
  if (step.until !== undefined) {
    const text = (input.rendered ?? "").trim();
    const parsed = DateTime.fromISO(text, { setZone: true });
    // RFC 3339: a date-time with an offset; a bare date or a local time is ambiguous.
    if (!parsed.isValid || !/T.*(?:Z|[+-]\d{2}:?\d{2})$/i.test(text))
      return { ok: false, reason: `until rendered ${JSON.stringify(text)}, not an RFC 3339 date-time` };
    const at = parsed.toJSDate();
    return { ok: true, at: at.getTime() < now.getTime() ? now : at };
  }
  if (step.until_local_time !== undefined)
    return { ok: true, at: nextLocalTime(now, step.until_local_time, input.timeZone) };
  return { ok: false, reason: "the delay gives no duration, until or until_local_time" };
}
