// Subscriber tokens: a host app mints one for its user and hands it to the browser, which then acts
// as that user (REST Bearer, Socket.IO auth) and nothing more.
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWTPayload } from "jose";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import type { Db } from "../db/client";
import { tenants } from "../db/schema";
import { env } from "../env";
import { isApiKeyLive } from "./api-key-store";
import { ensureUsers } from "../users/store";

const ISSUER = "herald";
const AUDIENCE = "herald:subscriber";
export const DEFAULT_TTL_SECONDS = 24 * 3600;
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

// The signing key needs both the tenant's secret (rotatable) and APP_SECRET, so a leaked
// database alone cannot forge tokens.
function signingKey(tenantSecret: string): Uint8Array {
  return createHmac("sha256", env().APP_SECRET!).update(`subscriber-token:${tenantSecret}`).digest();
}

/** Who minted a token: an API key (the token dies with it) or nobody in particular (an admin session). */
export type MintedBy = { apiKeyId: string | null };

export async function mintSubscriberToken(
  tenant: { id: string; tokenSecret: string },
  externalUserId: string,
  ttlSeconds = DEFAULT_TTL_SECONDS,
  mintedBy: MintedBy = { apiKeyId: null },
): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + ttlSeconds;
  const token = await new SignJWT({
    tid: tenant.id,
    ...(mintedBy.apiKeyId ? { akid: mintedBy.apiKeyId } : {}),
  })
    .setProtectedHeader({ alg: "HS256", kid: tenant.id, typ: "JWT" })
    .setSubject(externalUserId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .sign(signingKey(tenant.tokenSecret));
  return { token, expiresAt: new Date(exp * 1000) };
}

const kidSchema = z.uuid();

export type SubscriberClaims = {
  tenantId: string;
  externalId: string;
  /** The API key that minted it, null when an admin session did. */
  apiKeyId: string | null;
  expiresAt: Date;
};

/**
 * Whom a token speaks for, or null when it is not a valid token: forged, expired, signed with a
 * rotated-away secret, or minted by a key since revoked.
 */
export async function verifySubscriberToken(db: Db, token: string): Promise<SubscriberClaims | null> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return null;
  }
  if (!kidSchema.safeParse(kid).success) return null;
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, kid!)).limit(1);
  if (!tenant) return null;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, signingKey(tenant.tokenSecret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
    }));
  } catch {
    return null;
  }
  if (payload.tid !== tenant.id || typeof payload.sub !== "string" || !payload.sub) return null;
  if (typeof payload.exp !== "number") return null;
  const apiKeyId = payload.akid ?? null;
  if (apiKeyId !== null && (typeof apiKeyId !== "string" || !kidSchema.safeParse(apiKeyId).success))
    return null;
  // A token dies with the key that minted it; the key cache keeps this off the database per use.
  if (apiKeyId !== null && !(await isApiKeyLive(db, tenant.id, apiKeyId))) return null;
  return {
    tenantId: tenant.id,
    externalId: payload.sub,
    apiKeyId,
    expiresAt: new Date(payload.exp * 1000),
  };
}

/** Mints a token for a user of the tenant, creating the user row when it does not exist yet. */
export async function issueSubscriberToken(
  db: Db,
  tenantId: string,
  externalUserId: string,
  ttlSeconds = DEFAULT_TTL_SECONDS,
  mintedBy: MintedBy = { apiKeyId: null },
): Promise<{ token: string; expiresAt: Date }> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  await ensureUsers(db, tenantId, [externalUserId]);
  return mintSubscriberToken(tenant!, externalUserId, ttlSeconds, mintedBy);
}

/**
 * A token minted for a caller of the API: it dies with the key that minted it, and who minted one,
 * for whom and for how long is on record (a token is a credential for that user).
 */
export async function mintRecordedToken(
  db: Db,
  tenantId: string,
  externalUserId: string,
  ttlSeconds: number | undefined,
  by: { actor: Actor; apiKeyId: string | null },
): Promise<{ token: string; expiresAt: Date }> {
  const minted = await issueSubscriberToken(db, tenantId, externalUserId, ttlSeconds, {
    apiKeyId: by.apiKeyId,
  });
  await audit(
    db,
    tenantId,
    by.actor,
    "token.minted",
    { type: "user", id: externalUserId },
    {
      ttl_seconds: ttlSeconds ?? DEFAULT_TTL_SECONDS,
      api_key_id: by.apiKeyId,
      expires_at: minted.expiresAt.toISOString(),
    },
  );
  return minted;
}
