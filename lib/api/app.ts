// The API app: every declared endpoint on one Hono router, plus the health and metrics probes and
// the public links emails carry (unsubscribe, tracking).
// Two doors lead here: the custom server calls `fetch` directly, and Next.js's one catch-all route
// handler (app/api/v1/[[...route]]/route.ts) hands it requests when `next start` serves alone.
import { Hono, type Context } from "hono";
import { crossOriginFor } from "../http/cors";
import { errorResponse } from "../http/envelope";
import { MAX_REQUEST_BYTES } from "../http/validation";
import { processSingleton } from "../process-singleton";
import { failureResponse, type Endpoint } from "./endpoint";
import { API_ENDPOINTS } from "./document";
import { healthResponse, metricsResponse } from "./probes";
import { mountEngagementRoutes } from "../engagement/routes";

/** `/api/v1/users/{user_id}` → `/api/v1/users/:user_id`. */
export const routerPath = (openApiPath: string) => openApiPath.replace(/\{(\w+)\}/g, ":$1");

/** Static segments first, then parameters: the router takes the first route that matches. */
function rank(path: string): string {
  return path
    .split("/")
    .map((s) => (s.startsWith("{") ? "1" : "0"))
    .join("");
}

/** How much of a refused body is still read, so that a client still sending gets the 413. */
const DRAIN_BYTES = 4 * MAX_REQUEST_BYTES;

/** Reads and drops a refused body; true when it was read to its end (the connection stays usable). */
async function drain(body: ReadableStream<Uint8Array>): Promise<boolean> {
  const reader = body.getReader();
  let read = 0;
  try {
    while (read <= DRAIN_BYTES) {
      const { done, value } = await reader.read();
      if (done) return true;
      read += value.length;
    }
    return false;
  } finally {
    await reader.cancel().catch(() => {});
  }
}

const tooLarge = (drained: boolean) =>
  errorResponse("too_large", "Request body too large", undefined, drained ? {} : { Connection: "close" });

const isApiRequest = (url: string) => {
  const path = new URL(url).pathname;
  return path === "/api/v1" || path.startsWith("/api/v1/");
};

/**
 * Past the largest endpoint's limit nothing is read further; within it, each endpoint checks its own.
 * Around the router rather than a middleware in it: a middleware makes every request go through
 * Hono's compose with two matched handlers, which cost single sends measurably. Hand-written
 * rather than hono/body-limit: that middleware rebuilds the request from the Node adapter's own
 * Request class, which fails unless the adapter replaces the global Request — and this process's
 * Next.js must keep the platform's.
 */
async function limitBody(
  req: Request,
  route: (req: Request) => Response | Promise<Response>,
): Promise<Response> {
  if (!req.body) return route(req);
  const declared = req.headers.get("content-length");
  if (declared !== null && !req.headers.has("transfer-encoding")) {
    if (Number(declared) <= MAX_REQUEST_BYTES || !isApiRequest(req.url)) {
      const response = await route(req);
      // A handler that refused before reading (a declared length over its own limit) leaves the
      // body on the connection; read it, so the next request on a kept-alive connection is intact.
      if (!req.bodyUsed) await drain(req.body).catch(() => false);
      return response;
    }
    return tooLarge(await drain(req.body));
  }
  if (!isApiRequest(req.url)) return route(req);
  // No length declared: read it here, up to the limit.
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_REQUEST_BYTES) {
      await reader.cancel().catch(() => {});
      return tooLarge(false);
    }
    chunks.push(value);
  }
  return route(
    new Request(req.url, { method: req.method, headers: req.headers, body: Buffer.concat(chunks) }),
  );
}

const METHOD_ORDER = ["GET", "POST", "PUT", "PATCH", "DELETE"];

function byPath(endpoints: Endpoint[]): Map<string, Endpoint[]> {
  const paths = new Map<string, Endpoint[]>();
  const sorted = [...endpoints].sort((a, b) => (rank(a.spec.path) < rank(b.spec.path) ? -1 : 1));
  for (const e of sorted) paths.set(e.spec.path, [...(paths.get(e.spec.path) ?? []), e]);
  return paths;
}

const NO_PARAMS: Record<string, string> = Object.freeze({}) as Record<string, string>;

export function createApiApp(endpoints: Endpoint[] = API_ENDPOINTS): Hono {
  const app = new Hono({ strict: false });
  for (const [path, group] of byPath(endpoints)) {
    const methods = group
      .map((e) => e.spec.method.toUpperCase())
      .sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
    const allow = [...methods, "OPTIONS", ...(methods.includes("GET") ? ["HEAD"] : [])].join(", ");
    const byMethod = new Map(group.map((e) => [e.spec.method.toUpperCase(), e]));
    const get = byMethod.get("GET");
    if (get) byMethod.set("HEAD", get);
    // Host apps' pages call what an end user's subscriber token may call, nothing else.
    const crossOrigin = group
      .filter((e) => e.access.auth === "user" || e.access.auth === "any")
      .map((e) => e.spec.method.toUpperCase());
    // One route per path, choosing by method itself: a request matches one handler, which Hono
    // runs without composing a chain (only the paths a page may call add the CORS step).
    const handler = (c: Context): Response | Promise<Response> => {
      const req = c.req.raw;
      const e = byMethod.get(req.method);
      if (e) return e.handle(req, e.spec.params ? c.req.param() : NO_PARAMS);
      if (req.method !== "OPTIONS")
        return errorResponse("method_not_allowed", "Method not allowed", undefined, { Allow: allow });
      return new Response(null, { status: 204, headers: { Allow: allow } });
    };
    if (crossOrigin.length > 0) app.all(routerPath(path), crossOriginFor(crossOrigin), handler);
    else app.all(routerPath(path), handler);
  }
  app.get("/health", () => healthResponse());
  app.get("/metrics", (c) => metricsResponse(c.req.raw));
  mountEngagementRoutes(app);
  app.notFound(() => errorResponse("not_found", "Not found"));
  app.onError((err, c) => failureResponse(err, { method: c.req.method, path: c.req.path }));
  const route = app.fetch;
  app.fetch = (req, env, ctx) => limitBody(req, (r) => route(r, env, ctx));
  return app;
}

/** The process's API app, built on first use. */
export const apiApp = (): Hono => processSingleton("api-app", () => createApiApp());
