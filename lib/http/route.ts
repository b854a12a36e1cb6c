// The one wrapper every /api/v1 handler goes through: resolve the caller, check access, validate
// params/query/body with zod, run the handler, map errors to the envelope, set X-Request-Id.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { actingUser, hasScope, isAdmin, resolveCaller, type Caller, type CallerUser } from "../auth/caller";
import { consume, limitHeaders } from "../auth/rate-limit";
import { getDb } from "../db/client";
import type { ApiKeyScope } from "../db/schema";
import { appUrl } from "../env";
import { logger } from "../log";
import { errorResponse } from "./envelope";
import { forbidden, HttpError, unauthorized } from "./errors";
import { parseWith, queryObject, readJson } from "./validation";

/**
 * - public: anyone
 * - user: one end user (session, subscriber token, or API key + X-User-Id)
 * - service: an API key (with `scope` when given) or an admin session
 * - admin: an admin session or an API key with the admin scope
 * - super: the bootstrap super key (HERALD_API_KEY)
 * - any: any authenticated caller; the handler decides (e.g. own list vs tenant-wide list)
 */
export type AuthMode = "public" | "user" | "service" | "admin" | "super" | "any";

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type RouteOptions<P, Q, B> = {
  auth: AuthMode;
  scope?: ApiKeyScope;
  params?: P;
  query?: Q;
  body?: B;
};

type CallerFor<A extends AuthMode> = A extends "public" ? Caller | null : Caller;

export type RouteContext<A extends AuthMode, P, Q, B> = {
  req: Request;
  url: URL;
  requestId: string;
  caller: CallerFor<A>;
  /** The acting end user (auth "user" only). */
  user: A extends "user" ? CallerUser : CallerUser | null;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
};

type NextContext = { params: Promise<Record<string, string | string[] | undefined>> };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Cookie-authenticated writes must come from Herald's own pages. */
function assertSameOrigin(req: Request, url: URL): void {
  if (SAFE_METHODS.has(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site === "same-origin") return;
  const origin = req.headers.get("origin");
  if (origin && (origin === url.origin || origin === new URL(appUrl()).origin)) return;
  throw forbidden("Cross-site request refused");
}

function authorize(mode: AuthMode, scope: ApiKeyScope | undefined, caller: Caller | null): void {
  if (mode === "public") return;
  if (!caller) throw unauthorized();
  switch (mode) {
    case "user":
      actingUser(caller);
      return;
    case "service":
      if (caller.kind === "api_key" ? scope && !hasScope(caller, scope) : !isAdmin(caller)) throw forbidden();
      return;
    case "admin":
      if (!isAdmin(caller)) throw forbidden();
      return;
    case "super":
      if (caller.kind !== "api_key" || !caller.apiKey.isSuper) throw forbidden();
      return;
    case "any":
      return;
  }
}

export function route<
  A extends AuthMode,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  options: RouteOptions<P, Q, B> & { auth: A },
  handler: (ctx: RouteContext<A, P, Q, B>) => Promise<Response>,
): (req: Request, next?: NextContext) => Promise<Response> {
  return async (req, next) => {
    const started = performance.now();
    const incoming = req.headers.get("x-request-id");
    const requestId = incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    const extraHeaders: Record<string, string> = { "X-Request-Id": requestId };
    const url = new URL(req.url);
    let response: Response;
    try {
      const caller =
        options.auth === "public" && !req.headers.get("authorization")
          ? null
          : await resolveCaller(getDb(), req.headers);
      if (caller?.kind === "session") assertSameOrigin(req, url);
      if (caller?.kind === "api_key") {
        const limit = await consume("api-key", caller.apiKey.id);
        Object.assign(extraHeaders, limitHeaders(limit));
        if (!limit.allowed) throw new HttpError(429, "Too many requests");
      }
      authorize(options.auth, options.scope, caller);
      const params = options.params ? parseWith(options.params, (await next?.params) ?? {}) : undefined;
      const query = options.query ? parseWith(options.query, queryObject(url)) : undefined;
      let body: unknown;
      if (options.body) {
        const raw = await readJson(req);
        body = parseWith(options.body, raw ?? {});
      }
      response = await handler({
        req,
        url,
        requestId,
        caller: caller as CallerFor<A>,
        user: (caller?.user ?? null) as RouteContext<A, P, Q, B>["user"],
        params: params as Infer<P>,
        query: query as Infer<Q>,
        body: body as Infer<B>,
      });
    } catch (err) {
      if (err instanceof HttpError) {
        response = errorResponse(err.status, err.message, err.errors, err.headers);
      } else {
        logger().error({ err, requestId, method: req.method, path: url.pathname }, "request failed");
        response = errorResponse(500, "Internal server error");
      }
    }
    for (const [k, v] of Object.entries(extraHeaders)) response.headers.set(k, v);
    // Time spent in Herald's own code for this request (browsers' dev tools and the benches show it).
    response.headers.set("Server-Timing", `app;dur=${(performance.now() - started).toFixed(2)}`);
    return response;
  };
}
