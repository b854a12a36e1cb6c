// The per-provider circuit breaker: what opens it, what it answers while open, and its probe.
// cockatiel times the open state with the real clock, so the half-open delay here is a short real one.
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { resetEnv } from "../env";
import { metrics } from "../metrics";
import { ProviderError } from "../providers/types";
import { circuitOf, resetBreakers, throughBreaker, type BreakerRef } from "./breakers";

const HALF_OPEN_MS = 60;
const ref: BreakerRef = {
  channel: "email",
  name: "resend",
  integrationId: "5d7c0f6e-0000-4000-8000-000000000001",
};
const down = () => Promise.reject(new ProviderError("resend: HTTP 500", true, "provider_unavailable"));
const refused = () => Promise.reject(new ProviderError("resend: invalid to", false, "invalid_address"));
const ok = () => Promise.resolve({ providerMessageId: "m1" });
const attempt = (call: () => Promise<unknown>) =>
  throughBreaker(ref, call).catch((e: ProviderError) => e.code);
const gauge = async () =>
  (await metrics().providerCircuitState.get()).values.find((v) => v.labels.integration === ref.integrationId)
    ?.value;

describe("provider circuit breaker", () => {
  beforeEach(() => {
    process.env.PROVIDER_BREAKER_THRESHOLD = "3";
    process.env.PROVIDER_BREAKER_HALF_OPEN_SECONDS = String(HALF_OPEN_MS / 1000);
    resetEnv();
    resetBreakers();
  });
  afterAll(() => {
    delete process.env.PROVIDER_BREAKER_THRESHOLD;
    delete process.env.PROVIDER_BREAKER_HALF_OPEN_SECONDS;
    resetEnv();
    resetBreakers();
  });

  it("opens after the threshold of provider faults in a row, then answers circuit_open without calling", async () => {
    for (let i = 0; i < 3; i++) expect(await attempt(down)).toBe("provider_unavailable");
    expect(circuitOf(ref)).toBe("open");
    expect(await gauge()).toBe(2);
    let called = false;
    const err = await throughBreaker(ref, () => {
      called = true;
      return ok();
    }).catch((e: unknown) => e);
    expect(called).toBe(false);
    expect(err).toMatchObject({ code: "circuit_open", retryable: true, retryAfterMs: HALF_OPEN_MS });
  });

  it("a recipient's error does not count, and a success starts the count again", async () => {
    for (let i = 0; i < 5; i++) expect(await attempt(refused)).toBe("invalid_address");
    expect(circuitOf(ref)).toBe("closed");
    await attempt(down);
    await attempt(down);
    await attempt(ok);
    await attempt(down);
    await attempt(down);
    expect(circuitOf(ref)).toBe("closed");
  });

  it("after the half-open delay one probe goes: a success closes it, a failure opens it again", async () => {
    for (let i = 0; i < 3; i++) await attempt(down);
    await expect.poll(() => circuitOf(ref), { timeout: 2000, interval: 10 }).toBe("half_open");
    expect(await attempt(down)).toBe("provider_unavailable");
    expect(circuitOf(ref)).toBe("open");
    await expect.poll(() => circuitOf(ref), { timeout: 2000, interval: 10 }).toBe("half_open");
    expect(await attempt(ok)).toEqual({ providerMessageId: "m1" });
    expect(circuitOf(ref)).toBe("closed");
    expect(await gauge()).toBe(0);
  });
});
