import { describe, expect, it } from "vitest";
import type { DelayStep } from "../db/schema/workflows";
import { nextLocalTime, wakeTimeOf } from "./wake";

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
