import { describe, expect, it } from "vitest";
import type { ScheduleRepeat } from "../db/schema/schedules";
import {
  latestOccurrence,
  localLabel,
  nextOccurrence,
  nextOccurrences,
  parseRrule,
  scheduleRule,
} from "./occurrences";
import { repeatSchema } from "./schema";

const created = new Date("2026-01-05T00:00:00Z");
const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const next = (repeat: ScheduleRepeat, zone: string, after: string, n: number) =>
  iso(nextOccurrences(scheduleRule(repeat, created, new Date(after)), zone, new Date(after), n));

describe("schedule occurrences", () => {
  const daily: ScheduleRepeat = { frequency: "daily", at: "09:00", timezone: "recipient" };

  it("keeps a daily 09:00 at 09:00 New York time across the spring DST change", () => {
    // 8 March 2026: New York moves from UTC-5 to UTC-4.
    expect(next(daily, "America/New_York", "2026-03-06T15:00:00Z", 4)).toEqual([
      "2026-03-07T14:00:00.000Z",
      "2026-03-08T13:00:00.000Z",
      "2026-03-09T13:00:00.000Z",
      "2026-03-10T13:00:00.000Z",
    ]);
  });

  it("and back across the autumn change, once a day", () => {
    // 1 November 2026: back to UTC-5.
    expect(next(daily, "America/New_York", "2026-10-31T12:00:00Z", 3)).toEqual([
      "2026-10-31T13:00:00.000Z",
      "2026-11-01T14:00:00.000Z",
      "2026-11-02T14:00:00.000Z",
    ]);
  });

  it("fires a time the spring gap skips once, just after the gap", () => {
    const night: ScheduleRepeat = { frequency: "daily", at: "02:30", timezone: "recipient" };
    const at = next(night, "America/New_York", "2026-03-07T12:00:00Z", 3);
    expect(at).toEqual(["2026-03-08T07:30:00.000Z", "2026-03-09T06:30:00.000Z", "2026-03-10T06:30:00.000Z"]);
  });

  it("is strictly after the moment given: 09:00 exactly is the next day's", () => {
    const rule = scheduleRule(daily, created, new Date("2026-03-02T09:00:00Z"));
    expect(nextOccurrence(rule, "UTC", new Date("2026-03-02T09:00:00Z"))?.toISOString()).toBe(
      "2026-03-03T09:00:00.000Z",
    );
    expect(latestOccurrence(rule, "UTC", new Date("2026-03-02T09:00:00Z"))?.toISOString()).toBe(
      "2026-03-02T09:00:00.000Z",
    );
  });

  it("skips an occurrence whose local time its recipients already got in another zone", () => {
    const now = new Date("2026-04-01T02:00:00Z");
    const rule = scheduleRule(daily, created, now);
    // Fired at 09:00 on 1 April in Shanghai; New York's 09:00 on 1 April is the same local occurrence.
    expect(localLabel(new Date("2026-04-01T01:00:00Z"), "Asia/Shanghai")).toBe("2026-04-01T09:00");
    expect(nextOccurrence(rule, "America/New_York", now)?.toISOString()).toBe("2026-04-01T13:00:00.000Z");
    expect(nextOccurrence(rule, "America/New_York", now, "2026-04-01T09:00")?.toISOString()).toBe(
      "2026-04-02T13:00:00.000Z",
    );
  });

  it("gives the latest occurrence at or before now after an outage", () => {
    const rule = scheduleRule(daily, created, new Date("2026-03-20T12:00:00Z"));
    expect(latestOccurrence(rule, "Asia/Shanghai", new Date("2026-03-20T12:00:00Z"))?.toISOString()).toBe(
      "2026-03-20T01:00:00.000Z",
    );
  });

  it("fires weekly on the days named only", () => {
    const weekly: ScheduleRepeat = {
      frequency: "weekly",
      at: "08:30",
      days: ["mon", "fri"],
      timezone: "Europe/London",
    };
    // Wednesday 4 March 2026.
    expect(next(weekly, "Europe/London", "2026-03-04T12:00:00Z", 4)).toEqual([
      "2026-03-06T08:30:00.000Z",
      "2026-03-09T08:30:00.000Z",
      "2026-03-13T08:30:00.000Z",
      "2026-03-16T08:30:00.000Z",
    ]);
  });

  it("fires monthly on day_of_month, skipping months without it, and -1 is the last day", () => {
    const on31: ScheduleRepeat = { frequency: "monthly", at: "10:00", day_of_month: 31, timezone: "UTC" };
    expect(next(on31, "UTC", "2026-01-15T00:00:00Z", 3)).toEqual([
      "2026-01-31T10:00:00.000Z",
      "2026-03-31T10:00:00.000Z",
      "2026-05-31T10:00:00.000Z",
    ]);
    const last: ScheduleRepeat = { frequency: "monthly", at: "10:00", day_of_month: -1, timezone: "UTC" };
    expect(next(last, "UTC", "2026-01-31T11:00:00Z", 2)).toEqual([
      "2026-02-28T10:00:00.000Z",
      "2026-03-31T10:00:00.000Z",
    ]);
  });

  it("follows an RRULE in local time, with INTERVAL counted from the creation day", () => {
    const rrule: ScheduleRepeat = {
      rrule: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
      timezone: "Asia/Shanghai",
    };
    expect(next(rrule, "Asia/Shanghai", "2026-03-03T00:00:00Z", 2)).toEqual([
      "2026-03-09T01:00:00.000Z",
      "2026-03-16T01:00:00.000Z",
    ]);
    // Created on Monday 5 January: every other Monday from then (19 Jan, 2 Feb, … 2 Mar, 16 Mar).
    const fortnightly: ScheduleRepeat = {
      rrule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
      timezone: "UTC",
    };
    expect(next(fortnightly, "UTC", "2026-03-03T00:00:00Z", 2)).toEqual([
      "2026-03-16T09:00:00.000Z",
      "2026-03-30T09:00:00.000Z",
    ]);
    const counted: ScheduleRepeat = { rrule: "FREQ=DAILY;COUNT=2;BYHOUR=9;BYMINUTE=0", timezone: "UTC" };
    expect(next(counted, "UTC", "2026-01-05T10:00:00Z", 5)).toEqual(["2026-01-06T09:00:00.000Z"]);
  });

  it("refuses RRULEs it cannot honour, saying why", () => {
    expect(parseRrule("FREQ=WEEKLY;BYDAY=MO").ok).toBe(true);
    expect(parseRrule("RRULE:FREQ=DAILY").ok).toBe(true);
    for (const bad of [
      "",
      "BYDAY=MO",
      "FREQ=MINUTELY",
      "FREQ=DAILY;FOO=1",
      "FREQ=WEEKLY;BYDAY=XX",
      "DTSTART:20260101T000000Z;FREQ=DAILY",
      "FREQ=DAILY;TZID=Europe/Paris",
    ])
      expect(parseRrule(bad).ok, bad).toBe(false);
  });
});

describe("repeat schema", () => {
  const errors = (input: unknown) => {
    const r = repeatSchema.safeParse(input);
    return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
  };

  it("names the field that is wrong", () => {
    expect(errors({ frequency: "daily", at: "9am" })).toEqual(["at"]);
    expect(errors({ frequency: "daily", at: "24:00" })).toEqual(["at"]);
    expect(errors({ frequency: "daily", at: "09:00", days: ["mon"] })).toEqual(["days"]);
    expect(errors({ frequency: "weekly", at: "09:00" })).toEqual(["days"]);
    expect(errors({ frequency: "daily", at: "09:00", timezone: "Mars/Olympus" })).toEqual(["timezone"]);
    expect(errors({ rrule: "FREQ=SOMETIMES" })).toEqual(["rrule"]);
    expect(errors({ rrule: "FREQ=DAILY", at: "09:00" })).toEqual(["at"]);
    expect(errors({ at: "09:00" })).toEqual(["frequency"]);
  });

  it("defaults to each recipient's zone and to the first of the month", () => {
    expect(repeatSchema.parse({ frequency: "monthly", at: "07:15" })).toEqual({
      frequency: "monthly",
      at: "07:15",
      day_of_month: 1,
      timezone: "recipient",
    });
    expect(repeatSchema.parse({ rrule: "RRULE:FREQ=DAILY", timezone: "Europe/London" })).toEqual({
      rrule: "FREQ=DAILY",
      timezone: "Europe/London",
    });
  });
});
