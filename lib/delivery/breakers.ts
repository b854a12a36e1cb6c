// A circuit breaker per provider instance (an integration, or the environment's provider of a
// channel), per process: after PROVIDER_BREAKER_THRESHOLD provider faults in a row the provider is
// passed over until one probe, PROVIDER_BREAKER_HALF_OPEN_SECONDS later, succeeds.
// cockatiel times the open state with Date.now() and takes no clock, so the half-open delay is real
// time (tests set a short one through the environment); the state shown here reads the same clock.
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from "cockatiel";
import { env as processEnv } from "../env";
import { metrics } from "../metrics";
import { processSingleton } from "../process-singleton";
import { isProviderFault } from "../providers/errors";
import { ProviderError, type ExternalChannel } from "../providers/types";
import type { CircuitStateName } from "../integrations/schema";

export type BreakerRef = { channel: ExternalChannel; name: string; integrationId: string | null };

type Entry = {
  policy: CircuitBreakerPolicy;
  halfOpenMs: number;
  labels: { provider: string; integration: string };
};

const breakers = () => processSingleton("delivery.breakers", () => new Map<string, Entry>());

const keyOf = (r: BreakerRef) => r.integrationId ?? `env:${r.channel}:${r.name}`;

const GAUGE: Record<CircuitStateName, number> = { closed: 0, half_open: 1, open: 2 };

const nameOf = (s: CircuitState): CircuitStateName =>
  s === CircuitState.Closed ? "closed" : s === CircuitState.HalfOpen ? "half_open" : "open";

function entryFor(ref: BreakerRef): Entry {
  const key = keyOf(ref);
  let entry = breakers().get(key);
  if (entry) return entry;
  const e = processEnv();
  const halfOpenMs = Math.round(e.PROVIDER_BREAKER_HALF_OPEN_SECONDS * 1000);
  const policy = circuitBreaker(handleWhen(isProviderFault), {
    halfOpenAfter: halfOpenMs,
    breaker: new ConsecutiveBreaker(e.PROVIDER_BREAKER_THRESHOLD),
  });
  const labels = { provider: ref.name, integration: ref.integrationId ?? "env" };
  entry = { policy, halfOpenMs, labels };
  const gauge = metrics().providerCircuitState;
  gauge.set(labels, 0);
  policy.onStateChange((s) => gauge.set(labels, GAUGE[nameOf(s)]));
  breakers().set(key, entry);
  return entry;
}

/** The circuit as deciding needs it: `open` passes the provider over; `half_open` lets one probe go. */
export function circuitOf(ref: BreakerRef): CircuitStateName {
  const entry = breakers().get(keyOf(ref));
  if (!entry) return "closed";
  const state = nameOf(entry.policy.state);
  if (state !== "open") return state;
  // Open: due for its probe once the half-open delay has passed (cockatiel moves on the next call).
  const { ownState } = entry.policy.toJSON() as { ownState: { openedAt?: number } };
  return Date.now() - (ownState.openedAt ?? 0) >= entry.halfOpenMs ? "half_open" : "open";
}

/** Runs one provider call through its breaker; an open circuit answers a retryable `circuit_open`. */
export async function throughBreaker<T>(ref: BreakerRef, call: () => Promise<T>): Promise<T> {
  const entry = entryFor(ref);
  try {
    return await entry.policy.execute(call);
  } catch (err) {
    if (err instanceof BrokenCircuitError) {
      throw new ProviderError(
        `${ref.name}: circuit open after repeated provider failures`,
        true,
        "circuit_open",
        entry.halfOpenMs,
      );
    }
    throw err;
  }
}

/** Forgets every breaker (tests; a changed threshold applies to breakers made afterwards). */
export function resetBreakers(): void {
  breakers().clear();
  metrics().providerCircuitState.reset();
}
