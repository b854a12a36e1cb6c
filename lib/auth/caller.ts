// Who is calling: a person with a session, a subscriber token, or a service with an API key.
import { and, eq, isNull, sql } from "drizzle-orm";
import { preparedQuery, type Db } from "../db/client";
import { users, type UserRole } from "../db/schema";
import { forbidden, DomainError, notFound, unauthorized } from "../errors";
import type { ApiKey } from "./api-key-store";
import { authenticateApiKey } from "./api-key-store";
import { API_KEY_PREFIX } from "./api-keys";
import { scopesInclude, type ApiKeyScope } from "../vocabulary/scopes";
import { readSession } from "./session";
import { verifySubscriberToken } from "./subscriber-token";

export type CallerUser = { id: string; externalId: string; role: UserRole };

export type Caller =
  | { kind: "session"; tenantId: string; user: CallerUser }
  | { kind: "token"; tenantId: string; user: CallerUser }
  | { kind: "api_key"; tenantId: string; apiKey: ApiKey; user: CallerUser | null };

const liveUserColumns = { id: users.id, externalId: users.externalId, role: users.role };

/** The user if it still exists (not soft-deleted), with its current role. */
export async function findLiveUser(db: Db, tenantId: string, where: { id?: string; externalId?: string }) {
  const by = where.id ? "id" : "externalId";
  const query = preparedQuery(db, `live_user_by_${by}`, (d) =>
    d
      .select(liveUserColumns)
      .from(users)
      .where(
        and(
          eq(users.tenantId, sql.placeholder("tenantId")),
          eq(users[by], sql.placeholder("key")),
          isNull(users.deletedAt),
        ),
      )
      .limit(1)
      .prepare(`live_user_by_${by}`),
  );
  const [row] = await query.execute({ tenantId, key: where.id ?? where.externalId! });
  return row ?? null;
}

/**
 * Resolves the caller from the request's credentials. A Bearer credential that does not verify is
 * a 401 (no fallback to the cookie); no credentials at all gives null.
 */
export async function resolveCaller(db: Db, headers: Headers): Promise<Caller | null> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw unauthorized();
    const credential = match[1]!;
    if (credential.startsWith(API_KEY_PREFIX)) {
      const apiKey = await authenticateApiKey(db, credential);
      if (!apiKey) throw unauthorized();
      const actingAs = headers.get("x-user-id");
      let user: CallerUser | null = null;
      if (actingAs !== null) {
        // Checked before the lookup, so a key without the scope cannot probe which users exist.
        if (!scopesInclude(apiKey.scopes, "users:impersonate"))
          throw new MissingScopeError("users:impersonate", {
            tenantId: apiKey.tenantId,
            actor: { type: "api_key", id: apiKey.id },
          });
        user = await findLiveUser(db, apiKey.tenantId, { externalId: actingAs });
        if (!user) throw notFound("User not found");
      }
      return { kind: "api_key", tenantId: apiKey.tenantId, apiKey, user };
    }
    const claims = await verifySubscriberToken(db, credential);
    if (!claims) throw unauthorized();
    const user = await findLiveUser(db, claims.tenantId, { externalId: claims.externalId });
    if (!user) throw unauthorized();
    // A subscriber token never carries more than an end user's rights.
    return { kind: "token", tenantId: claims.tenantId, user: { ...user, role: "user" } };
  }
  const session = await readSession(headers);
  if (!session) return null;
  // Re-read the user: a deleted account or a changed role takes effect on the next request.
  const user = await findLiveUser(db, session.tid, { id: session.uid });
  if (!user) return null;
  return { kind: "session", tenantId: session.tid, user };
}

export function isAdmin(c: Caller): boolean {
  if (c.kind === "api_key") return c.apiKey.scopes.includes("admin");
  return c.kind === "session" && c.user.role === "admin";
}

/** Whether the caller holds `scope`: a key by its scopes, an admin session always, nobody else. */
export function hasScope(c: Caller, scope: ApiKeyScope): boolean {
  if (c.kind === "api_key") return scopesInclude(c.apiKey.scopes, scope);
  return c.kind === "session" && c.user.role === "admin";
}

/** The 403 every scope refusal answers: it names the scope, so the key's owner knows what to add. */
export class MissingScopeError extends DomainError {
  constructor(
    readonly scope: ApiKeyScope,
    /** Who was refused, when known before the caller is (X-User-Id is checked while resolving). */
    readonly by?: { tenantId: string; actor: { type: "api_key"; id: string } },
  ) {
    super("forbidden", `Missing scope: ${scope}`, [
      { field: "authorization", message: `the API key needs the scope ${scope} (or admin)` },
    ]);
    this.name = "MissingScopeError";
  }
}

export const missingScope = (scope: ApiKeyScope) => new MissingScopeError(scope);

/** Refuses a caller without `scope`: an API key lacking it, a session that is not an admin's. */
export function requireScope(c: Caller, scope: ApiKeyScope): void {
  if (hasScope(c, scope)) return;
  if (c.kind === "api_key") throw missingScope(scope);
  throw forbidden("Only an administrator may do this");
}

/** The end user the caller acts as; 403 for a service caller with no X-User-Id. */
export function actingUser(c: Caller): CallerUser {
  if (!c.user) throw forbidden("This endpoint acts for one user: send X-User-Id with the API key");
  return c.user;
}

/** Who to record in the audit log. */
export function actorOf(c: Caller) {
  return c.kind === "api_key"
    ? { type: "api_key" as const, id: c.apiKey.id }
    : { type: "user" as const, id: c.user.id };
}
