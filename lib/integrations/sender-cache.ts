// What sends each tenant's channel, remembered per process for a few seconds: at 1,000 emails/s the
// pipeline must not look up and decrypt the integration for every job. A change made through this
// process drops the entry at once; other processes pick it up when their entry expires.
import { processSingleton } from "../process-singleton";

export const SENDER_TTL_MS = 5_000;

type Entry = { expiresAt: number; value: Promise<unknown> };

// One per process: the console's server actions (which change integrations) may run in another
// module copy than the worker (which reads them).
const senders = () => processSingleton("integrations.senders", () => new Map<string, Entry>());

const keyOf = (tenantId: string, channel: string) => `${tenantId}:${channel}`;

/** The remembered value for (tenant, channel), or `load()`'s, shared by every caller until it expires. */
export function rememberSender<T>(
  tenantId: string,
  channel: string,
  load: () => Promise<T>,
  ttlMs = SENDER_TTL_MS,
): Promise<T> {
  const map = senders();
  const key = keyOf(tenantId, channel);
  const now = Date.now();
  const hit = map.get(key);
  if (hit && hit.expiresAt > now) return hit.value as Promise<T>;
  // The promise, not its result: fifty workers starting at once share one lookup.
  const value = load();
  const entry: Entry = { expiresAt: now + ttlMs, value };
  map.set(key, entry);
  // A lookup that failed (database unreachable) is not remembered: the next job asks again.
  value.catch(() => {
    if (map.get(key) === entry) map.delete(key);
  });
  return value;
}

/** Drops what is remembered for the tenant's channel (every channel when none is named). */
export function forgetSender(tenantId: string, channel?: string): void {
  const map = senders();
  if (channel) {
    // With the channel's entry, those kept beside it ("push/mobile": the mobile push senders).
    const key = keyOf(tenantId, channel);
    for (const k of map.keys()) if (k === key || k.startsWith(`${key}/`)) map.delete(k);
    return;
  }
  for (const key of map.keys()) if (key.startsWith(`${tenantId}:`)) map.delete(key);
}

/** Drops everything remembered (tests, shutdown). */
export function forgetAllSenders(): void {
  senders().clear();
}
