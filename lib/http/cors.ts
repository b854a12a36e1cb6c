// Cross-origin REST for host apps' pages (the origins in ALLOWED_ORIGINS, which Socket.IO's
// handshake allows too): the end-user endpoints, the ones a subscriber token may call, answer
// preflights and carry Access-Control-Allow-Origin. Never with credentials: the token travels as
// a bearer header, so another site's page cannot ride a signed-in user's cookie.
import type { Context, MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { appUrl, env } from "../env";

const ALLOW_HEADERS = ["Authorization", "Content-Type", "X-Request-Id"];
const EXPOSE_HEADERS = [
  "X-Request-Id",
  "Retry-After",
  "RateLimit-Limit",
  "RateLimit-Remaining",
  "RateLimit-Reset",
];
/** How long a browser may reuse a preflight's answer. */
const MAX_AGE_SECONDS = 600;

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

/**
 * CORS for one path whose `methods` a page may call. Requests from other origins, and for the
 * path's other methods, pass through untouched: the browser then keeps the answer from the page,
 * and a plain OPTIONS still gets the route's own `Allow`.
 */
export function crossOriginFor(methods: string[]): MiddlewareHandler {
  const headers = cors({
    origin: (origin) => origin,
    allowMethods: methods,
    allowHeaders: ALLOW_HEADERS,
    exposeHeaders: EXPOSE_HEADERS,
    maxAge: MAX_AGE_SECONDS,
  });
  const applies = (c: Context): boolean => {
    const origin = c.req.header("origin");
    if (!origin || !allowedOrigins().has(origin)) return false;
    const method = c.req.method === "OPTIONS" ? c.req.header("access-control-request-method") : c.req.method;
    return method !== undefined && methods.includes(method.toUpperCase());
  };
  return (c, next) => (applies(c) ? headers(c, next) : next());
}
