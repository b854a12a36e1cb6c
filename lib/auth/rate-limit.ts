// Rate limits with rate-limiter-flexible. Sign-in attempts are counted in PostgreSQL (through
// Drizzle) so every node shares them; on the embedded database (one node) in memory. The per-key
// API budget is in memory per node unless RATE_LIMIT_API_STORE=postgres: one shared row per key
// updated by every request serialises a busy key's requests (measured: −30 % throughput).
import {
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { getDatabase } from "../db/client";
import { rateLimits } from "../db/schema";
import { env } from "../env";

export type LimitName = "sign-in" | "api-key";

export type LimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
};

// Memory stores must be shared by the server's and the route handlers' module copies.
const g = globalThis as unknown as { __heraldLimiters?: Map<string, RateLimiterAbstract> };

function limiter(name: LimitName): RateLimiterAbstract {
  g.__heraldLimiters ??= new Map();
  const e = env();
  const points = name === "sign-in" ? e.RATE_LIMIT_SIGN_IN_PER_MIN : e.RATE_LIMIT_API_PER_MIN;
  const cacheKey = `${name}:${points}`;
  let l = g.__heraldLimiters.get(cacheKey);
  if (!l) {
    const database = getDatabase();
    const opts = { keyPrefix: name, points, duration: 60 };
    const shared =
      database.driver === "postgres" && (name === "sign-in" || e.RATE_LIMIT_API_STORE === "postgres");
    l = shared
      ? new RateLimiterDrizzle({ ...opts, schema: rateLimits, storeClient: database.db })
      : new RateLimiterMemory(opts);
    g.__heraldLimiters.set(cacheKey, l);
  }
  return l;
}

function decision(l: RateLimiterAbstract, res: RateLimiterRes, allowed: boolean): LimitDecision {
  return {
    allowed,
    limit: l.points,
    remaining: Math.max(0, res.remainingPoints),
    resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)),
  };
}

/** Counts one attempt against `key`; `allowed` is false once the minute's budget is spent. */
export async function consume(name: LimitName, key: string): Promise<LimitDecision> {
  const l = limiter(name);
  try {
    return decision(l, await l.consume(key), true);
  } catch (err) {
    if (err instanceof RateLimiterRes) return decision(l, err, false);
    throw err;
  }
}

/** Whether `key` still has budget, without spending any. */
export async function peek(name: LimitName, key: string): Promise<LimitDecision> {
  const l = limiter(name);
  const res = await l.get(key);
  if (!res) return { allowed: true, limit: l.points, remaining: l.points, resetSeconds: 60 };
  return decision(l, res, res.consumedPoints < l.points);
}

/** Clears `key` (a successful sign-in forgives the failed attempts before it). */
export async function reset(name: LimitName, key: string): Promise<void> {
  await limiter(name).delete(key);
}

/** Standard RateLimit-* headers (IETF draft) plus Retry-After when refused. */
export function limitHeaders(d: LimitDecision): Record<string, string> {
  const h: Record<string, string> = {
    "RateLimit-Limit": String(d.limit),
    "RateLimit-Remaining": String(d.remaining),
    "RateLimit-Reset": String(d.resetSeconds),
  };
  if (!d.allowed) h["Retry-After"] = String(d.resetSeconds);
  return h;
}

export function signInKey(ip: string, email: string): string {
  return `${ip}|${email.trim().toLowerCase()}`;
}
