// Whose notifications a caller reaches: its own user's, or (services and admins) the whole tenant's.
import { actingUser, hasScope, requireScope, type Caller } from "../auth/caller";
import type { Owner, Scope } from "./inbox";

/**
 * An API key without X-User-Id, or an admin session asking for scope=tenant, sees the tenant: with
 * notifications:read, or notifications:send (a sender follows up on what it sent).
 */
export function readScope(caller: Caller, requested?: "own" | "tenant"): Scope {
  const tenantWide =
    (caller.kind === "api_key" && !caller.user) || (caller.kind === "session" && requested === "tenant");
  if (!tenantWide) return ownerOf(caller);
  if (!hasScope(caller, "notifications:send")) requireScope(caller, "notifications:read");
  return { tenantId: caller.tenantId };
}

export function ownerOf(caller: Caller): Owner {
  return { tenantId: caller.tenantId, userId: actingUser(caller).id };
}

/** The caller key for idempotency: keys are scoped per API key (or per person). */
export function idempotencyScope(caller: Caller): string {
  return caller.kind === "api_key" ? `key:${caller.apiKey.id}` : `user:${caller.user.id}`;
}
