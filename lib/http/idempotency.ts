// Idempotency-Key: the same key and body within 24 h replays the first response; a different body
// is 422. The key is taken in the request's own transaction, so a failed request never holds it.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { conflict, DomainError, invalid } from "../errors";

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;

export type IdempotencyClaim = { tenantId: string; scope: string; key: string; requestHash: string };
export type StoredResponse = { status: number; body: unknown };

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash("sha256")
    .update(`${method} ${path}\n${JSON.stringify(body)}`)
    .digest("hex");
}

export function readIdempotencyKey(headers: Headers): string | undefined {
  const key = headers.get("idempotency-key");
  if (key === null) return undefined;
  if (key.length < 1 || key.length > 255) {
    throw invalid("Invalid Idempotency-Key", [
      { field: "Idempotency-Key", message: "must be 1 to 255 characters" },
    ]);
  }
  return key;
}

const whereKey = (c: IdempotencyClaim) =>
  and(
    eq(idempotencyKeys.tenantId, c.tenantId),
    eq(idempotencyKeys.scope, c.scope),
    eq(idempotencyKeys.key, c.key),
  );

/**
 * The stored answer to replay for the key, or null when the request should run. Throws 422 for the
 * key used with another body, 409 for a key held by an unfinished request (rows written before keys
 * were taken inside the request's transaction).
 */
async function storedResponse(db: Db, c: IdempotencyClaim): Promise<StoredResponse | null> {
  // A key past its window is forgotten.
  await db.delete(idempotencyKeys).where(and(whereKey(c), sql`${idempotencyKeys.expiresAt} < now()`));
  const [row] = await db.select().from(idempotencyKeys).where(whereKey(c));
  if (!row) return null;
  if (row.requestHash !== c.requestHash) {
    throw new DomainError(
      "idempotency_mismatch",
      "Idempotency-Key was already used with a different request",
    );
  }
  if (row.state === "completed") return { status: row.responseStatus!, body: row.responseBody };
  throw conflict("A request with this Idempotency-Key is still in progress");
}

/** Another request with the same key committed first: this one's transaction must roll back. */
class KeyTaken extends Error {}

/**
 * Takes the key with the response, inside the request's own transaction: both commit or neither, so
 * a request that fails (the database gone mid-way included) leaves the key free for the retry. A
 * concurrent request with the same key waits here on the unique index until the first commits.
 */
async function storeResponse(tx: Executor, c: IdempotencyClaim, response: StoredResponse): Promise<void> {
  const stored = await tx
    .insert(idempotencyKeys)
    .values({
      ...c,
      state: "completed",
      responseStatus: response.status,
      responseBody: response.body,
      expiresAt: new Date(Date.now() + IDEMPOTENCY_TTL_MS),
    })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (stored.length === 0) throw new KeyTaken();
}

export type BeforeCommit = (tx: Executor, response: StoredResponse) => Promise<void>;

/**
 * Runs a request under its key (none: no Idempotency-Key): a stored answer replays; otherwise the
 * request runs and `run` passes `beforeCommit` into its transaction, which stores the answer with
 * the request's writes. Of concurrent requests with one key, the first to commit wins and the others
 * roll back and replay its answer.
 */
export async function runIdempotently(
  db: Db,
  claim: IdempotencyClaim | null,
  run: (beforeCommit?: BeforeCommit) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!claim) return { ...(await run()), replayed: false };
  const stored = await storedResponse(db, claim);
  if (stored) return { ...stored, replayed: true };
  try {
    return { ...(await run((tx, response) => storeResponse(tx, claim, response))), replayed: false };
  } catch (err) {
    if (!(err instanceof KeyTaken)) throw err;
    const winner = await storedResponse(db, claim);
    if (!winner) throw conflict("A request with this Idempotency-Key is still in progress");
    return { ...winner, replayed: true };
  }
}
