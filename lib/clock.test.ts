import { afterEach, describe, expect, it } from "vitest";
import { clock, ManualClock, useClock } from "./clock";

describe("the clock", () => {
  afterEach(() => void useClock());

  it("reads the system time by default", () => {
    const before = Date.now();
    const now = clock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it("moves only when a test moves it, and never backwards", () => {
    const manual = new ManualClock("2026-03-29T00:30:00Z");
    useClock(manual);
    expect(clock().now().toISOString()).toBe("2026-03-29T00:30:00.000Z");
    manual.advance(90 * 60_000);
    expect(clock().now().toISOString()).toBe("2026-03-29T02:00:00.000Z");
    expect(() => manual.advance(-1)).toThrow(RangeError);
    manual.set("2026-12-01T09:00:00+08:00");
    expect(clock().now().toISOString()).toBe("2026-12-01T01:00:00.000Z");
  });

  it("useClock returns the clock it replaced and restores the system clock when called bare", () => {
    const manual = new ManualClock("2030-01-01T00:00:00Z");
    const previous = useClock(manual);
    expect(useClock(previous)).toBe(manual);
    expect(clock().now().getFullYear()).toBeLessThan(2030);
  });
});
