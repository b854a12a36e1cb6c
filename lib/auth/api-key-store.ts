import { and, desc, eq, gt, isNull, lt, or, sql } from "drizzle-orm";
import { audit, type Actor } from "../audit";
import { preparedQuery, type Db, type Executor } from "../db/client";
import { apiKeys, type ApiKeyScope } from "../db/schema";
import { notFound } from "../http/errors";
import { generateApiKey, hashApiKey, visiblePrefix } from "./api-keys";

export type ApiKey = typeof apiKeys.$inferSelect;

/** The shape the API returns: never the hash, never the key (except once, at creation). */
export function apiKeyJson(k: ApiKey) {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
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
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
      .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)))
      .returning();
    if (!row) throw notFound("API key not found");
    await audit(tx, tenantId, actor, "api_key.revoked", { type: "api_key", id });
    return row;
  });
}

/** The live key matching a presented secret, or null (unknown, revoked or expired). */
export async function authenticateApiKey(db: Db, presented: string): Promise<ApiKey | null> {
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
  const [row] = await byHash.execute({ hash: hashApiKey(presented) });
  if (!row) return null;
  // At most one write a minute per key: last_used_at is for people, not for accounting.
  if (!row.lastUsedAt || row.lastUsedAt.getTime() < Date.now() - 60_000) {
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
