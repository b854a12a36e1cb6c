// A fetch that retries what is safe to retry: 429 and 5xx answers and requests that got no answer.
// Writes are safe because the SDK gives each one an Idempotency-Key that every attempt repeats.

export type RetryOptions = {
  /** Retries after the first attempt (default 3); 0 turns retrying off. */
  maxRetries?: number;
  /** First backoff in ms, doubled per retry with full jitter (default 500). */
  baseDelayMs?: number;
  /** No single wait is longer, whatever Retry-After asks (default 30 000). */
  maxDelayMs?: number;
  /** How to wait: injectable so tests need not. */
  sleep?: (ms: number) => Promise<void>;
  /** [0, 1): injectable so tests can pin the jitter. */
  random?: () => number;
};

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === "") return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export function retryingFetch(
  fetchImpl: (input: Request) => Promise<Response>,
  options: RetryOptions = {},
): (input: Request) => Promise<Response> {
  const maxRetries = options.maxRetries ?? 3;
  const base = options.baseDelayMs ?? 500;
  const cap = options.maxDelayMs ?? 30_000;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;

  return async (request) => {
    for (let attempt = 0; ; attempt++) {
      const isLast = attempt >= maxRetries;
      // A body can be read once: every attempt sends a copy, so the original stays sendable.
      const copy = isLast ? request : request.clone();
      let wait: number;
      try {
        const response = await fetchImpl(copy);
        if (isLast || !RETRY_STATUSES.has(response.status)) return response;
        const asked = retryAfterMs(response.headers.get("retry-after"));
        wait = asked ?? Math.floor(random() * Math.min(cap, base * 2 ** attempt));
        // A server asking for longer than we would wait gets its answer passed on, not a long hang.
        if (asked !== null && asked > cap) return response;
        await response.body?.cancel();
      } catch (err) {
        if (isLast || request.signal.aborted) throw err;
        wait = Math.floor(random() * Math.min(cap, base * 2 ** attempt));
      }
      await sleep(wait);
    }
  };
}
