// The console/inbox session: an Auth.js JWT cookie. Route handlers read it here, without Next's
// request context, so the one route wrapper resolves every kind of caller the same way.
import { decode } from "next-auth/jwt";
import { z } from "zod";
import { userRoles } from "../db/schema";
import { env } from "../env";

export const SESSION_COOKIE = "authjs.session-token";
export const SECURE_SESSION_COOKIE = "__Secure-authjs.session-token";

/** What Herald puts in the session JWT (set by the Auth.js jwt callback). */
export const sessionClaimsSchema = z.object({
  uid: z.uuid(), // users.id
  tid: z.uuid(), // tenants.id
  ext: z.string(), // users.external_id
  role: z.enum(userRoles),
});
export type SessionClaims = z.infer<typeof sessionClaimsSchema>;

function cookieValue(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** The session claims of a request, or null when it carries no valid session cookie. */
export async function readSession(headers: Headers): Promise<SessionClaims | null> {
  const cookie = headers.get("cookie");
  for (const name of [SECURE_SESSION_COOKIE, SESSION_COOKIE]) {
    const token = cookieValue(cookie, name);
    if (!token) continue;
    try {
      const payload = await decode({ token, secret: env().AUTH_SECRET!, salt: name });
      const claims = sessionClaimsSchema.safeParse(payload);
      if (claims.success) return claims.data;
    } catch {
      // A forged, expired or foreign cookie is simply no session.
    }
  }
  return null;
}
