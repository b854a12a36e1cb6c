// Idempotency-Key with Stripe's semantics: the same key and body within 24 h replays the first
// response; a different body is 422; a request still running is 409.
import { createHash } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Db, Executor } from "../db/client";
import { idempotencyKeys } from "../db/schema";
import { conflict, DomainError, invalid } from "../errors";

export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
// A request that has held its key this long without finishing crashed; its key may be taken over.
const ABANDONED_AFTER = "60 seconds";

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
 * Claims the key for this request. Returns null when the caller should run the request, or the
 * stored response to replay. Throws 409 / 422 as Stripe does.
 */
export async function claimIdempotencyKey(db: Db, c: IdempotencyClaim): Promise<StoredResponse | null> {
  const expiresAt = new Date(Date.now() + IDEMPOTENCY_TTL_MS);
  // A key past its window is forgotten.
  await db.delete(idempotencyKeys).where(and(whereKey(c), sql`${idempotencyKeys.expiresAt} < now()`));
  const claimed = await db
    .insert(idempotencyKeys)
    .values({ ...c, state: "processing", expiresAt })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length > 0) return null;

  const [row] = await db.select().from(idempotencyKeys).where(whereKey(c));
  if (!row) return claimIdempotencyKey(db, c); // removed meanwhile: try again
  if (row.requestHash !== c.requestHash) {
    throw new DomainError(
      "idempotency_mismatch",
      "Idempotency-Key was already used with a different request",
    );
  }
  if (row.state === "completed") return { status: row.responseStatus!, body: row.responseBody };
  const takenOver = await db
    .update(idempotencyKeys)
    .set({ createdAt: sql`now()` })
    .where(
      and(
        whereKey(c),
        eq(idempotencyKeys.state, "processing"),
        sql`${idempotencyKeys.createdAt} < now() - ${ABANDONED_AFTER}::interval`,
      ),
    )
    .returning({ key: idempotencyKeys.key });
  if (takenOver.length > 0) return null;
  throw conflict("A request with this Idempotency-Key is still in progress");
}

/** Stores the response; call inside the request's own transaction so both commit together. */
export async function completeIdempotencyKey(
  tx: Executor,
  c: IdempotencyClaim,
  response: StoredResponse,
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ state: "completed", responseStatus: response.status, responseBody: response.body })
    .where(whereKey(c));
}

/** Frees the key after a failed request so the caller may retry with it. */
export async function releaseIdempotencyKey(db: Db, c: IdempotencyClaim): Promise<void> {
  await db.delete(idempotencyKeys).where(and(whereKey(c), eq(idempotencyKeys.state, "processing")));
}

export type BeforeCommit = (tx: Executor, response: StoredResponse) => Promise<void>;

/**
 * Runs a request behind its claim (none: no Idempotency-Key): a completed claim replays, a new one
 * stores the response in the request's own transaction (`run` passes `beforeCommit` to it), a
 * failure frees the key.
 */
export async function runIdempotently(
  db: Db,
  claim: IdempotencyClaim | null,
  run: (beforeCommit?: BeforeCommit) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!claim) return { ...(await run()), replayed: false };
  const replay = await claimIdempotencyKey(db, claim);
  if (replay) return { ...replay, replayed: true };
  try {
    return { ...(await run((tx, response) => completeIdempotencyKey(tx, claim, response))), replayed: false };
  } catch (err) {
    await releaseIdempotencyKey(db, claim);
    throw err;
  }
}
