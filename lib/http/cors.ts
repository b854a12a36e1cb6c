// Cross-origin REST for host apps' pages (the origins in ALLOWED_ORIGINS, which Socket.IO's
// handshake allows too): the end-user endpoints, the ones a subscriber token may call, answer
// preflights and carry Access-Control-Allow-Origin. Never with credentials: the token travels as
// a bearer header, so another site's page cannot ride a signed-in user's cookie.
import { appUrl, env } from "../env";

const ALLOW_HEADERS = "Authorization, Content-Type, X-Request-Id";
const EXPOSE_HEADERS = "X-Request-Id, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset";
/** How long a browser may reuse a preflight's answer. */
const MAX_AGE_SECONDS = "600";

let cached: { raw: string | undefined; origins: Set<string> } | null = null;

const normalize = (origin: string): string | null => {
  try {
    const url = new URL(origin);
    return url.origin === "null" ? null : url.origin;
  } catch {
    return null;
  }
};

/** Herald's own origin and those in ALLOWED_ORIGINS (comma-separated). */
export function allowedOrigins(): Set<string> {
  const raw = env().ALLOWED_ORIGINS;
  if (cached && cached.raw === raw) return cached.origins;
  const listed = (raw ?? "").split(",").map((o) => normalize(o.trim()));
  const origins = new Set([appUrl(), ...listed].filter((o): o is string => o !== null));
  cached = { raw, origins };
  return origins;
}

/** The request's Origin when it is an allowed one, else null (same-origin requests need none). */
function allowedOrigin(req: Request): string | null {
  const origin = req.headers.get("origin");
  return origin && allowedOrigins().has(origin) ? origin : null;
}

/**
 * The answer to a preflight (OPTIONS with Access-Control-Request-Method) from an allowed origin for
 * one of `methods`; null when it is not one: the caller answers as for any OPTIONS.
 */
export function preflightResponse(req: Request, methods: string[]): Response | null {
  const method = req.headers.get("access-control-request-method");
  const origin = allowedOrigin(req);
  if (!origin || !method || !methods.includes(method.toUpperCase())) return null;
  return new Response(null, {
    status: 204,
    headers: {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Methods": methods.join(", "),
      "Access-Control-Allow-Headers": ALLOW_HEADERS,
      "Access-Control-Max-Age": MAX_AGE_SECONDS,
      Vary: "Origin",
    },
  });
}

/** Lets an allowed origin's page read the response. */
export function withCors(req: Request, response: Response): Response {
  const origin = allowedOrigin(req);
  if (!origin) return response;
  response.headers.set("Access-Control-Allow-Origin", origin);
  response.headers.set("Access-Control-Expose-Headers", EXPOSE_HEADERS);
  response.headers.append("Vary", "Origin");
  return response;
}
