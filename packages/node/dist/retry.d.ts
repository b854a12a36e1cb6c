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
/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export declare function retryAfterMs(value: string | null, now?: number): number | null;
export declare function retryingFetch(fetchImpl: (input: Request) => Promise<Response>, options?: RetryOptions): (input: Request) => Promise<Response>;
