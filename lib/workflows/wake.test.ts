import { describe, expect, it } from "vitest";
import type { DelayStep } from "../db/schema/workflows";
import { digestClosesAt, nextLocalTime, wakeTimeOf } from "./wake";

const now = new Date("2026-03-02T10:00:00Z");
const delay = (over: Partial<DelayStep>): DelayStep => ({ id: "wait", type: "delay", ...over });

describe("delay wake time", () => {
  it("a duration is added to now", () => {
    expect(wakeTimeOf(delay({ amount: 30, unit: "minutes" }), { now, timeZone: null })).toEqual({
      ok: true,
      at: new Date("2026-03-02T10:30:00Z"),
    });
    expect(wakeTimeOf(delay({ amount: 2, unit: "days" }), { now, timeZone: null })).toEqual({
      ok: true,
      at: new Date("2026-03-04T10:00:00Z"),
    });
  });

  it("until is the rendered RFC 3339 date-time; one already past wakes at once", () => {
    const step = delay({ until: "{{ payload.due_at }}" });
    expect(wakeTimeOf(step, { now, timeZone: null, rendered: "2026-03-05T09:00:00+01:00" })).toEqual({
      ok: true,
      at: new Date("2026-03-05T08:00:00Z"),
    });
    expect(wakeTimeOf(step, { now, timeZone: null, rendered: "2026-01-01T00:00:00Z" })).toEqual({
      ok: true,
      at: now,
    });
  });

  it.each(["", "tomorrow", "2026-03-05", "2026-03-05T09:00:00"])(
    "until rendering %j (no date-time with an offset) fails the step, saying what it rendered",
    (rendered) => {
      const wake = wakeTimeOf(delay({ until: "{{ payload.due_at }}" }), { now, timeZone: null, rendered });
      expect(wake).toEqual({ ok: false, reason: expect.stringContaining(JSON.stringify(rendered)) });
    },
  );

  it("until_local_time is the next such time of day in the recipient's zone", () => {
    // 10:00 UTC is 11:00 in Paris: 09:00 has passed today, so tomorrow's.
    expect(nextLocalTime(now, "09:00", "Europe/Paris")).toEqual(new Date("2026-03-03T08:00:00Z"));
    expect(nextLocalTime(now, "12:30", "Europe/Paris")).toEqual(new Date("2026-03-02T11:30:00Z"));
    // Exactly now is not "next": a day later.
    expect(nextLocalTime(now, "10:00", "UTC")).toEqual(new Date("2026-03-03T10:00:00Z"));
  });

  it("without a valid time zone the local time is UTC", () => {
    expect(nextLocalTime(now, "09:00", null)).toEqual(new Date("2026-03-03T09:00:00Z"));
    expect(nextLocalTime(now, "09:00", "Not/AZone")).toEqual(new Date("2026-03-03T09:00:00Z"));
  });

  it("across a DST change the wall time holds and the instant moves", () => {
    // New York springs forward on 2026-03-08: 09:00 is 14:00Z before, 13:00Z after.
    const saturday = new Date("2026-03-07T15:00:00Z"); // 10:00 EST
    expect(nextLocalTime(saturday, "09:00", "America/New_York")).toEqual(new Date("2026-03-08T13:00:00Z"));
    // A time the change skips (02:30 does not exist that night) is taken forward to 03:30 EDT.
    expect(nextLocalTime(saturday, "02:30", "America/New_York")).toEqual(new Date("2026-03-08T07:30:00Z"));
    // Falling back (2026-11-01): 09:00 EST is 14:00Z.
    const fall = new Date("2026-10-31T14:00:00Z"); // 10:00 EDT
    expect(nextLocalTime(fall, "09:00", "America/New_York")).toEqual(new Date("2026-11-01T14:00:00Z"));
  });
});

describe("digest window close time", () => {
  it("a duration window closes that long after it opened", () => {
    expect(digestClosesAt({ amount: 10, unit: "minutes" }, now, "America/New_York")).toEqual(
      new Date("2026-03-02T10:10:00Z"),
    );
  });

  it("a daily window closes at the next HH:MM in the recipient's zone, across a DST change", () => {
    const daily = { schedule: "daily", at: "09:00" } as const;
    // 05:00 in New York (EST): 09:00 the same day.
    expect(digestClosesAt(daily, now, "America/New_York")).toEqual(new Date("2026-03-02T14:00:00Z"));
    // 10:00 on Saturday 7 March (EST): 09:00 on Sunday 8 March, now EDT.
    expect(digestClosesAt(daily, new Date("2026-03-07T15:00:00Z"), "America/New_York")).toEqual(
      new Date("2026-03-08T13:00:00Z"),
    );
    expect(digestClosesAt(daily, now, null)).toEqual(new Date("2026-03-03T09:00:00Z"));
  });

  it("a weekly window closes at the next weekday and time, a week on when that moment is past", () => {
    // 2026-03-02 is a Monday.
    const weekly = (weekday: "monday" | "wednesday") =>
      ({ schedule: "weekly", at: "09:00", weekday }) as const;
    expect(digestClosesAt(weekly("wednesday"), now, "UTC")).toEqual(new Date("2026-03-04T09:00:00Z"));
    expect(digestClosesAt(weekly("monday"), now, "UTC")).toEqual(new Date("2026-03-09T09:00:00Z"));
    expect(digestClosesAt(weekly("monday"), new Date("2026-03-02T08:00:00Z"), "UTC")).toEqual(
      new Date("2026-03-02T09:00:00Z"),
    );
  });
});
