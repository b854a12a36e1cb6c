// Subscriber tokens: a host app mints one for its user and hands it to the browser, which then acts
// as that user (REST Bearer, Socket.IO auth) and nothing more.
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Db } from "../db/client";
import { tenants } from "../db/schema";
import { env } from "../env";
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

export async function mintSubscriberToken(
  tenant: { id: string; tokenSecret: string },
  externalUserId: string,
  ttlSeconds = DEFAULT_TTL_SECONDS,
): Promise<{ token: string; expiresAt: Date }> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + ttlSeconds;
  const token = await new SignJWT({ tid: tenant.id })
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

/** The tenant and external user id a token speaks for, or null when it is not a valid token. */
export async function verifySubscriberToken(
  db: Db,
  token: string,
): Promise<{ tenantId: string; externalId: string } | null> {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return null;
  }
  if (!kidSchema.safeParse(kid).success) return null;
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, kid!)).limit(1);
  if (!tenant) return null;
  try {
    const { payload } = await jwtVerify(token, signingKey(tenant.tokenSecret), {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ["HS256"],
    });
    if (payload.tid !== tenant.id || typeof payload.sub !== "string" || !payload.sub) return null;
    return { tenantId: tenant.id, externalId: payload.sub };
  } catch {
    return null;
  }
}

/** Mints a token for a user of the tenant, creating the user row when it does not exist yet. */
export async function issueSubscriberToken(
  db: Db,
  tenantId: string,
  externalUserId: string,
  ttlSeconds = DEFAULT_TTL_SECONDS,
): Promise<{ token: string; expiresAt: Date }> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  await ensureUsers(db, tenantId, [externalUserId]);
  return mintSubscriberToken(tenant!, externalUserId, ttlSeconds);
}
