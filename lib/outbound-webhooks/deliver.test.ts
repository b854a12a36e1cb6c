import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { endpointWants } from "../vocabulary/webhook-events";
import { MAX_ATTEMPTS, retryDelayMs, RETRY_SCHEDULE_MS, signedHeaders } from "./deliver";

describe("webhook retry schedule", () => {
  it("backs off over about a day, jittered by at most 10 %, then stops", () => {
    const total = RETRY_SCHEDULE_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(24 * 3600_000);
    expect(total).toBeLessThan(30 * 3600_000);
    expect(retryDelayMs(1, () => 0)).toBe(4_500);
    expect(retryDelayMs(1, () => 1)).toBe(5_500);
    expect(retryDelayMs(2, () => 0.5)).toBe(5 * 60_000);
    expect(retryDelayMs(MAX_ATTEMPTS - 1)).not.toBeNull();
    expect(retryDelayMs(MAX_ATTEMPTS)).toBeNull();
  });
});

describe("webhook signatures", () => {
  it("carries one signature per secret, each verifiable alone", () => {
    const a = `whsec_${Buffer.alloc(32, 1).toString("base64")}`;
    const b = `whsec_${Buffer.alloc(32, 2).toString("base64")}`;
    const body = JSON.stringify({ type: "webhook.test", timestamp: new Date().toISOString(), data: {} });
    const headers = signedHeaders([a, b], "msg_x", new Date(), body);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(a).verify(body, headers)).toMatchObject({ type: "webhook.test" });
    expect(new Webhook(b).verify(body, headers)).toMatchObject({ type: "webhook.test" });
    const c = `whsec_${Buffer.alloc(32, 3).toString("base64")}`;
    expect(() => new Webhook(c).verify(body, headers)).toThrow();
  });

  it("sends the test event whatever types an endpoint chose; null chooses them all", () => {
    expect(endpointWants(["delivery.sent"], "webhook.test")).toBe(true);
    expect(endpointWants(["delivery.sent"], "delivery.failed")).toBe(false);
    expect(endpointWants(null, "delivery.failed")).toBe(true);
  });
});
