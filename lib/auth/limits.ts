// The REST request budget every caller spends: an API key its own, a person (session or subscriber
// token) theirs whatever device they call from, and a caller without credentials its address's.
import type { Caller } from "./caller";
import { consume, limitHeaders, type LimitDecision } from "./rate-limit";
import { addressKey, clientIp } from "../http/client-ip";
import { DomainError, rateLimited } from "../errors";
import { domainErrorResponse } from "../http/envelope";

function spend(caller: Caller | null, headers: Headers): Promise<LimitDecision> {
  if (!caller) return consume("ip", addressKey(clientIp(headers)));
  // A key acting for a user (X-User-Id) spends the key's budget: the key is who is calling.
  if (caller.kind === "api_key") return consume("api-key", caller.apiKey.id);
  return consume("user", caller.user.id);
}

/**
 * Counts one request and returns the RateLimit-* headers to answer with; over budget, throws the
 * 429 that carries them and Retry-After.
 */
export async function limitRequest(caller: Caller | null, headers: Headers): Promise<Record<string, string>> {
  const decision = await spend(caller, headers);
  const answer = limitHeaders(decision);
  if (!decision.allowed) throw rateLimited(answer);
  return answer;
}

/** For handlers outside route() (Auth.js): the address's budget, as a ready 429 when it is spent. */
export async function addressLimitRefusal(headers: Headers): Promise<Response | null> {
  try {
    await limitRequest(null, headers);
    return null;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return domainErrorResponse(err);
  }
}
