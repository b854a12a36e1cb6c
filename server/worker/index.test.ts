import { describe, expect, it } from "vitest";
import { deliveryWorkers } from "./index";

describe("deliveryWorkers", () => {
  it("sends exactly DELIVERY_CONCURRENCY deliveries at once per queue, in batches of at most 10", () => {
    for (let concurrency = 1; concurrency <= 120; concurrency++) {
      const split = deliveryWorkers(concurrency);
      expect(split.reduce((sum, w) => sum + w.workers * w.batchSize, 0)).toBe(concurrency);
      expect(Math.max(...split.map((w) => w.batchSize))).toBeLessThanOrEqual(10);
    }
  });
});
