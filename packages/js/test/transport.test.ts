// The reconnect schedule. The connection itself is exercised against a real server in client.test.ts.
import { describe, expect, it } from "vitest";
import { backoffDelay, defaultBackoff } from "../src/realtime/transport.ts";

describe("backoffDelay", () => {
  it("waits 3 s first, ×1.5 each time, capped at 30 s", () => {
    const noJitter = { ...defaultBackoff, jitter: 0 };
    const delays = Array.from({ length: 9 }, (_, i) => backoffDelay(i, noJitter));
    expect(delays).toEqual([3000, 4500, 6750, 10125, 15188, 22781, 30000, 30000, 30000]);
  });

  it("spreads retries by ±20 %", () => {
    expect(backoffDelay(0, defaultBackoff, () => 0)).toBe(2400);
    expect(backoffDelay(0, defaultBackoff, () => 1)).toBe(3600);
    expect(backoffDelay(20, defaultBackoff, () => 0)).toBe(24000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(1, defaultBackoff);
      expect(delay).toBeGreaterThanOrEqual(3600);
      expect(delay).toBeLessThanOrEqual(5400);
    }
  });
});
