// When a schedule fires: the rrule library computes occurrences as wall-clock times ("floating":
// a Date whose UTC fields are the local date and time), and luxon places each one in a time zone,
// so a 09:00 schedule stays at 09:00 local across a DST change while its instant moves.
// Pure and browser-safe: the request schema checks an RRULE with it too.
import { DateTime } from "luxon";
import * as rruleModule from "rrule";
import type { Options, RRule as RRuleType, Weekday } from "rrule";
import type { ScheduleRepeat, ScheduleWeekday } from "../db/schema/schedules";

// rrule ships an ES module (what bundlers and Vitest load) and a UMD build (what Node loads, where
// the whole module is the default export and no named export is seen).
const { RRule } = (
  "default" in rruleModule ? (rruleModule as { default: typeof rruleModule }).default : rruleModule
) as typeof rruleModule;
type RRule = RRuleType;

const WEEKDAYS: Record<ScheduleWeekday, Weekday> = {
  mon: RRule.MO,
  tue: RRule.TU,
  wed: RRule.WE,
  thu: RRule.TH,
  fri: RRule.FR,
  sat: RRule.SA,
  sun: RRule.SU,
};

/** Sub-hourly rules are refused: the sweep runs once a minute and a schedule is for people's days. */
const ALLOWED_FREQUENCIES = new Set<number>([
  RRule.YEARLY,
  RRule.MONTHLY,
  RRule.WEEKLY,
  RRule.DAILY,
  RRule.HOURLY,
]);

/** How far before "now" the search for the next occurrence starts: covers a wall time a DST gap pushes later. */
const DST_MARGIN_MS = 3 * 3600_000;
const HOUR_MS = 3600_000;

export type ParsedRule = { ok: true; options: Partial<Options> } | { ok: false; message: string };

/**
 * One RRULE line (an `RRULE:` prefix is allowed) as rule options. DTSTART and TZID are refused: the
 * schedule's `timezone` says where its times are, and the schedule itself when it starts.
 */
export function parseRrule(text: string): ParsedRule {
  const line = text.trim().replace(/^RRULE:/i, "");
  if (line === "" || /[\r\n]/.test(line)) return { ok: false, message: "must be one RRULE line" };
  if (/(^|;)\s*(DTSTART|TZID)\b/i.test(line))
    return { ok: false, message: "must not set DTSTART or TZID: the schedule's timezone says where" };
  let options: Partial<Options>;
  try {
    options = RRule.parseString(line);
  } catch (err) {
    return { ok: false, message: `does not parse: ${(err as Error).message}` };
  }
  if (options.freq === undefined || options.freq === null || !/(^|;)\s*FREQ=/i.test(line))
    return { ok: false, message: "must name a FREQ (YEARLY, MONTHLY, WEEKLY, DAILY or HOURLY)" };
  if (!ALLOWED_FREQUENCIES.has(options.freq))
    return { ok: false, message: "must repeat at most hourly (FREQ=HOURLY or slower)" };
  const weekdays = options.byweekday;
  if (Array.isArray(weekdays) && weekdays.some((d) => d === undefined || d === null))
    return { ok: false, message: "has a BYDAY that is not MO, TU, WE, TH, FR, SA or SU" };
  try {
    // A rule that cannot produce its first occurrence (BYHOUR=25, …) throws or yields nothing here.
    const probe = new RRule({ ...options, dtstart: new Date(Date.UTC(2000, 0, 1)), tzid: null });
    probe.after(new Date(Date.UTC(2000, 0, 1)), true);
  } catch (err) {
    return { ok: false, message: `is not a valid rule: ${(err as Error).message}` };
  }
  return { ok: true, options };
}

function floating(dt: DateTime): Date {
  return new Date(Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond));
}

/** The instant of a floating wall time in `zone` (a time a DST gap skips lands just after the gap). */
function placeIn(wall: Date, zone: string): Date {
  return DateTime.fromObject(
    {
      year: wall.getUTCFullYear(),
      month: wall.getUTCMonth() + 1,
      day: wall.getUTCDate(),
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
    },
    { zone },
  ).toJSDate();
}

/**
 * The rule of a repeat. `anchor` is the schedule's start (its creation): an RRULE's INTERVAL and
 * COUNT count from that day, the same day in every zone. A frequency has neither, so its rule may
 * start from any day; `near` (the moment searched from) keeps the library's walk short.
 */
export function scheduleRule(repeat: ScheduleRepeat, anchor: Date, near: Date = anchor): RRule {
  if ("rrule" in repeat) {
    const parsed = parseRrule(repeat.rrule);
    if (!parsed.ok) throw new Error(`Stored rrule is invalid: ${parsed.message}`);
    const start = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate()));
    return new RRule({ ...parsed.options, dtstart: start, tzid: null });
  }
  const [hour, minute] = repeat.at.split(":").map(Number) as [number, number];
  // Two months back: the search starts a little before `near`, and a monthly rule's previous day is in range.
  const from = new Date(near.getTime() - 62 * 24 * HOUR_MS);
  const dtstart = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  const time = { byhour: [hour], byminute: [minute], bysecond: [0], dtstart, tzid: null };
  switch (repeat.frequency) {
    case "daily":
      return new RRule({ freq: RRule.DAILY, ...time });
    case "weekly":
      return new RRule({
        freq: RRule.WEEKLY,
        byweekday: (repeat.days ?? []).map((d) => WEEKDAYS[d]),
        ...time,
      });
    case "monthly":
      return new RRule({ freq: RRule.MONTHLY, bymonthday: [repeat.day_of_month ?? 1], ...time });
  }
}

/** The first `count` occurrences of `rule` in `zone` strictly after `after`, as instants. */
export function nextOccurrences(rule: RRule, zone: string, after: Date, count: number): Date[] {
  const out: Date[] = [];
  let cursor = new Date(floating(DateTime.fromJSDate(after, { zone })).getTime() - DST_MARGIN_MS);
  // The margin can revisit a few occurrences already past; the guard stops a rule that runs dry.
  for (let guard = 0; out.length < count && guard < count + 16; guard++) {
    const wall = rule.after(cursor, false);
    if (!wall) break;
    cursor = wall;
    const at = placeIn(wall, zone);
    const last = out[out.length - 1];
    if (at.getTime() > after.getTime() && (!last || at.getTime() > last.getTime())) out.push(at);
  }
  return out;
}

/** An instant's wall-clock time in `zone` as `yyyy-MM-ddTHH:mm`: such labels sort as times do. */
export function localLabel(at: Date, zone: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/**
 * The next occurrence strictly after `after` whose local time is later than `notUpTo` (a
 * localLabel, when the recipients already got an occurrence elsewhere), or null when the rule has none.
 */
export function nextOccurrence(rule: RRule, zone: string, after: Date, notUpTo?: string | null): Date | null {
  let from = after;
  for (let guard = 0; guard < 64; guard++) {
    const at = nextOccurrences(rule, zone, from, 1)[0];
    if (!at) return null;
    if (!notUpTo || localLabel(at, zone) > notUpTo) return at;
    from = at;
  }
  return null;
}

/** The latest occurrence at or before `now` (what a due slot fires, however late), or null. */
export function latestOccurrence(rule: RRule, zone: string, now: Date): Date | null {
  let cursor = new Date(floating(DateTime.fromJSDate(now, { zone })).getTime() + DST_MARGIN_MS);
  for (let guard = 0; guard < 16; guard++) {
    const wall = rule.before(cursor, false);
    if (!wall) return null;
    const at = placeIn(wall, zone);
    if (at.getTime() <= now.getTime()) return at;
    cursor = wall;
  }
  return null;
}
