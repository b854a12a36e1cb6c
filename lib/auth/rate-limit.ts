// Rate limits with rate-limiter-flexible. Sign-in attempts (per account and per address) are
// counted in PostgreSQL (through Drizzle) so every node shares them; on the embedded database (one
// node) in memory. The request budgets (per API key, per user, per address, socket events) are in
// memory per node unless RATE_LIMIT_API_STORE=postgres: one shared row per key updated by every
// request serialises a busy key's requests (measured: −30 % throughput).
import {
  RateLimiterDrizzle,
  RateLimiterMemory,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { getDatabase } from "../db/client";
import { rateLimits } from "../db/schema";
import { env } from "../env";
import { processSingleton } from "../process-singleton";

export type LimitName = "sign-in" | "sign-in-ip" | "api-key" | "user" | "socket" | "ip";

/** Each budget's points per minute. */
function pointsOf(name: LimitName, e: ReturnType<typeof env>): number {
  switch (name) {
    case "sign-in":
      return e.RATE_LIMIT_SIGN_IN_PER_MIN;
    case "sign-in-ip":
      return e.RATE_LIMIT_SIGN_IN_IP_PER_MIN;
    case "api-key":
      return e.RATE_LIMIT_API_PER_MIN;
    case "user":
      return e.RATE_LIMIT_USER_PER_MIN;
    case "socket":
      return e.RATE_LIMIT_SOCKET_EVENTS_PER_MIN;
    case "ip":
      return e.RATE_LIMIT_IP_PER_MIN;
  }
}

export type LimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets. */
  resetSeconds: number;
};

// One set of memory stores per process, whichever module copy counts.
const limiters = () => processSingleton("auth.limiters", () => new Map<string, RateLimiterAbstract>());

function limiter(name: LimitName): RateLimiterAbstract {
  const e = env();
  const points = pointsOf(name, e);
  const cacheKey = `${name}:${points}`;
  let l = limiters().get(cacheKey);
  if (!l) {
    const database = getDatabase();
    const opts = { keyPrefix: name, points, duration: 60 };
    const shared =
      database.driver === "postgres" &&
      (name === "sign-in" || name === "sign-in-ip" || e.RATE_LIMIT_API_STORE === "postgres");
    l = shared
      ? new RateLimiterDrizzle({ ...opts, schema: rateLimits, storeClient: database.db })
      : new RateLimiterMemory(opts);
    limiters().set(cacheKey, l);
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

/** One account's sign-in budget: its email (as typed, normalised) within its tenant. */
export function signInAccountKey(tenantSlug: string, email: string): string {
  return `${tenantSlug.trim().toLowerCase()}|${email.trim().toLowerCase()}`;
}
