import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import type { z } from "zod";
import { audit, type Actor } from "../audit";
import { bus } from "../events";
import { preparedQuery, type Db, type Executor } from "../db/client";
import { apiKeys, type ApiKeyScope } from "../db/schema";
import { invalid, notFound } from "../errors";
import { processSingleton } from "../process-singleton";
import type { apiKeySchema } from "./api-key-schema";
import { generateApiKey, hashApiKey, visiblePrefix } from "./api-keys";

export type ApiKey = typeof apiKeys.$inferSelect;

/** The shape the API returns: never the hash, never the key (except once, at creation). */
export function apiKeyJson(k: ApiKey): z.input<typeof apiKeySchema> {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    // The operator's key (HERALD_API_KEY): its scopes are not edited from the console.
    is_super: k.isSuper,
    created_at: k.createdAt.toISOString(),
    last_used_at: k.lastUsedAt?.toISOString() ?? null,
    expires_at: k.expiresAt?.toISOString() ?? null,
    revoked_at: k.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiKey(
  db: Executor,
  tenantId: string,
  input: { name: string; scopes: ApiKeyScope[]; expiresAt?: Date | null; createdBy?: string | null },
  actor: Actor,
): Promise<{ key: string; record: ApiKey }> {
  const key = generateApiKey();
  const [record] = await db
    .insert(apiKeys)
    .values({
      tenantId,
      name: input.name,
      prefix: visiblePrefix(key),
      keyHash: hashApiKey(key),
      scopes: [...new Set(input.scopes)],
      expiresAt: input.expiresAt ?? null,
      createdBy: input.createdBy ?? null,
    })
    .returning();
  await audit(
    db,
    tenantId,
    actor,
    "api_key.created",
    { type: "api_key", id: record!.id },
    { name: input.name },
  );
  return { key, record: record! };
}

export function listApiKeys(db: Db, tenantId: string): Promise<ApiKey[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt));
}

/** Revokes at once: the next request with the key is refused. */
export async function revokeApiKey(db: Db, tenantId: string, id: string, actor: Actor): Promise<ApiKey> {
  const revoked = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)))
      .returning();
    if (!row) throw notFound("API key not found");
    await audit(tx, tenantId, actor, "api_key.revoked", { type: "api_key", id });
    return row;
  });
  forgetApiKey(id);
  bus().publish("api_key.revoked", { tenantId, apiKeyId: id });
  return revoked;
}

/** Changes a live key's name or scopes; every node applies new scopes on the key's next request. */
export async function updateApiKey(
  db: Db,
  tenantId: string,
  id: string,
  input: { name?: string; scopes?: ApiKeyScope[] },
  actor: Actor,
): Promise<ApiKey> {
  const updated = await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .for("update");
    // The super key is the operator's (HERALD_API_KEY): the console cannot narrow it.
    if (!before || before.isSuper) throw notFound("API key not found");
    const [row] = await tx
      .update(apiKeys)
      .set({ name: input.name ?? before.name, scopes: input.scopes ?? before.scopes })
      .where(eq(apiKeys.id, id))
      .returning();
    await audit(
      tx,
      tenantId,
      actor,
      "api_key.updated",
      { type: "api_key", id },
      { ...(input.scopes ? { scopes_before: before.scopes, scopes: input.scopes } : {}), name: row!.name },
    );
    return row!;
  });
  forgetApiKey(id);
  bus().publish("api_key.changed", { tenantId, apiKeyId: id });
  return updated;
}

// Keys a node has seen recently, by hash: an API key is checked on every request, and the lookup
// was one of the few database round trips of a single send. Revoking clears this node's entry at
// once and, through the `api_key.revoked` event the realtime layer forwards, the other nodes'; the
// short lifetime bounds what a node that missed that event (its adapter connection down) can serve.
const KEY_CACHE_MS = 10_000;
type CachedKey = { row: ApiKey; until: number };
function keyCache(): Map<string, CachedKey> {
  return processSingleton("auth.api-key-cache", () => new Map<string, CachedKey>());
}

/** Drops a key from this node's cache (revoked here or on another node). */
export function forgetApiKey(id: string): void {
  for (const [hash, entry] of keyCache()) if (entry.row.id === id) keyCache().delete(hash);
}

/**
 * Whether a key of the tenant is unrevoked, by id (subscriber tokens name the key that minted them),
 * through the same cache: revoking refuses its tokens at once, like the key itself.
 */
export async function isApiKeyLive(db: Db, tenantId: string, id: string): Promise<boolean> {
  const now = Date.now();
  for (const entry of keyCache().values())
    if (entry.row.id === id && entry.until > now) return entry.row.tenantId === tenantId;
  const [row] = await db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, tenantId), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return false;
  if (keyCache().size >= 10_000) keyCache().clear();
  keyCache().set(row.keyHash, { row, until: now + KEY_CACHE_MS });
  return true;
}

/** The live key matching a presented secret, or null (unknown, revoked or expired). */
export async function authenticateApiKey(db: Db, presented: string): Promise<ApiKey | null> {
  const hash = hashApiKey(presented);
  const cache = keyCache();
  const now = Date.now();
  const cached = cache.get(hash);
  let row = cached && cached.until > now ? cached.row : undefined;
  if (!row) {
    const byHash = preparedQuery(db, "api_key_by_hash", (d) =>
      d
        .select()
        .from(apiKeys)
        .where(
          and(
            eq(apiKeys.keyHash, sql.placeholder("hash")),
            isNull(apiKeys.revokedAt),
            or(isNull(apiKeys.expiresAt), gt(apiKeys.expiresAt, sql`now()`)),
          ),
        )
        .limit(1)
        .prepare("api_key_by_hash"),
    );
    [row] = await byHash.execute({ hash });
    if (!row) {
      cache.delete(hash);
      return null;
    }
    if (cache.size >= 10_000) cache.clear(); // unbounded distinct keys must not grow memory
    cache.set(hash, { row, until: now + KEY_CACHE_MS });
  }
  if (row.expiresAt && row.expiresAt.getTime() <= now) {
    cache.delete(hash);
    return null;
  }
  // At most one write a minute per key: last_used_at is for people, not for accounting.
  if (!row.lastUsedAt || row.lastUsedAt.getTime() < now - 60_000) {
    row.lastUsedAt = new Date(now);
    await db
      .update(apiKeys)
      .set({ lastUsedAt: sql`now()` })
      .where(
        and(
          eq(apiKeys.id, row.id),
          or(isNull(apiKeys.lastUsedAt), lt(apiKeys.lastUsedAt, sql`now() - interval '1 minute'`)),
        ),
      );
  }
  return row;
}

/** A new key's expiry: none, or a moment after `now` (400 naming `expires_at` otherwise). */
export function futureExpiry(value: string | undefined | null, now: Date): Date | null {
  if (!value) return null;
  const expiresAt = new Date(value);
  if (expiresAt.getTime() <= now.getTime())
    throw invalid("Invalid expires_at", [{ field: "expires_at", message: "must be in the future" }]);
  return expiresAt;
}
