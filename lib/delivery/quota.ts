// The daily quota of a tenant's deliveries through the operator's shared (environment) providers:
// one counter per tenant, channel and UTC day in rate_limits, shared by every worker node.
import { RateLimiterDrizzle, RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db/client";
import { rateLimits } from "../db/schema";
import { env as processEnv, type Env } from "../env";
import type { ExternalChannel } from "../providers/types";

const DAY_SECONDS = 24 * 60 * 60;

// One limiter per database and limit: tests open a database per file, and the limiter's cleanup
// timer must not outlive the database it was made for.
const limiters = new WeakMap<Db, Map<number, RateLimiterDrizzle>>();

function limiterFor(db: Db, points: number): RateLimiterDrizzle {
  let byPoints = limiters.get(db);
  if (!byPoints) limiters.set(db, (byPoints = new Map()));
  let l = byPoints.get(points);
  if (!l) {
    // Always the database, never memory: the count must be exact across nodes. Each upsert adds
    // to the row atomically, so concurrent deliveries cannot both take the last unit.
    l = new RateLimiterDrizzle({
      keyPrefix: "shared-provider",
      points,
      // The UTC day is in the key; a day's row outlives its day so it is never counted afresh.
      duration: DAY_SECONDS,
      schema: rateLimits,
      storeClient: db,
    });
    byPoints.set(points, l);
  }
  return l;
}

export type QuotaDecision = { allowed: boolean; limit: number; used: number };

/** The counter's key: the tenant's channel on the UTC day of `now`. */
export function quotaKey(tenantId: string, channel: ExternalChannel, now: Date): string {
  return `${tenantId}:${channel}:${now.toISOString().slice(0, 10)}`;
}

/**
 * Counts one delivery of the tenant's channel through a shared provider; `allowed` is false once
 * today's SHARED_PROVIDER_DAILY_LIMIT is spent (the refused one is counted too, and changes nothing).
 */
export async function consumeSharedQuota(
  db: Db,
  tenantId: string,
  channel: ExternalChannel,
  e: Env = processEnv(),
  now = new Date(),
): Promise<QuotaDecision> {
  const limit = e.SHARED_PROVIDER_DAILY_LIMIT;
  const l = limiterFor(db, limit);
  try {
    const res = await l.consume(quotaKey(tenantId, channel, now));
    return { allowed: true, limit, used: res.consumedPoints };
  } catch (err) {
    if (err instanceof RateLimiterRes) return { allowed: false, limit, used: err.consumedPoints };
    throw err;
  }
}
