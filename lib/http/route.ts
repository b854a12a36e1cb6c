// The one wrapper every /api/v1 handler goes through: resolve the caller, check access, validate
// params/query/body with zod, run the handler, map errors to the envelope, set X-Request-Id.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import {
  actingUser,
  actorOf,
  isAdmin,
  MissingScopeError,
  requireScope,
  resolveCaller,
  type Caller,
  type CallerUser,
} from "../auth/caller";
import { getDb } from "../db/client";
import type { ApiKeyScope } from "../auth/scopes";
import { appUrl } from "../env";
import { logger } from "../log";
import { errorResponse } from "./envelope";
import { forbidden, HttpError, unauthorized } from "./errors";
import { limitRequest } from "./limits";
import { parseWith, queryObject, readJson } from "./validation";

/**
 * - public: anyone
 * - user: one end user (session, subscriber token, or API key + X-User-Id)
 * - service: an API key with `scope` (required), or an admin session
 * - admin: an admin session or an API key with the admin scope
 * - super: the bootstrap super key (HERALD_API_KEY)
 * - any: any authenticated caller; the handler decides (e.g. own list vs tenant-wide list)
 */
export type AuthMode = "public" | "user" | "service" | "admin" | "super" | "any";

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

/** Who may call a route. A service route names the scope a key needs: there is no default. */
export type RouteAccess =
  { auth: "service"; scope: ApiKeyScope } | { auth: Exclude<AuthMode, "service">; scope?: undefined };

export type RouteOptions<P, Q, B> = RouteAccess & {
  params?: P;
  query?: Q;
  body?: B;
};

/** A wrapped handler, carrying its access rule so tests and the API document can read it. */
export type RouteHandler = ((req: Request, next?: NextContext) => Promise<Response>) & {
  access: RouteAccess;
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

function authorize(access: RouteAccess, caller: Caller | null): void {
  if (access.auth === "public") return;
  if (!caller) throw unauthorized();
  switch (access.auth) {
    case "user":
      actingUser(caller);
      return;
    case "service":
      requireScope(caller, access.scope);
      return;
    case "admin":
      if (isAdmin(caller)) return;
      if (caller.kind === "api_key") throw new MissingScopeError("admin");
      throw forbidden("Only an administrator may do this");
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
): RouteHandler {
  // Types demand it already; this catches a route built from untyped options at import time.
  if (options.auth === "service" && !options.scope)
    throw new Error("A service route must name the scope an API key needs");
  const access = { auth: options.auth, scope: options.scope } as RouteAccess;
  const wrapped = async (req: Request, next?: NextContext) => {
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
          : await resolveCaller(getDb(), req.headers).catch(async (err: unknown) => {
              // Credentials that do not verify spend the address's budget: guessing keys or
              // tokens is bounded like any other call without credentials.
              if (err instanceof HttpError && err.status === 401) await limitRequest(null, req.headers);
              throw err;
            });
      if (caller?.kind === "session") assertSameOrigin(req, url);
      // Every caller spends a budget: its API key's, its user's, or (no credentials) its address's.
      Object.assign(extraHeaders, await limitRequest(caller, req.headers));
      try {
        authorize(access, caller);
      } catch (refusal) {
        // A user route refusing a key without X-User-Id is a mistake, not an attempt on a right.
        if (caller && access.auth !== "user" && refusal instanceof HttpError && refusal.status === 403)
          await recordRefusal({ tenantId: caller.tenantId, actor: actorOf(caller) }, req, url, refusal);
        throw refusal;
      }
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
      if (err instanceof MissingScopeError && err.by) await recordRefusal(err.by, req, url, err);
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
  return Object.assign(wrapped, { access });
}

/** A credential reaching past its rights is a privileged attempt: the audit log keeps it. */
async function recordRefusal(
  who: { tenantId: string; actor: Actor },
  req: Request,
  url: URL,
  refusal: HttpError,
): Promise<void> {
  const missing = refusal instanceof MissingScopeError ? { missing_scope: refusal.scope } : {};
  await audit(
    getDb(),
    who.tenantId,
    who.actor,
    "access.refused",
    { type: "endpoint", id: `${req.method} ${url.pathname}`.slice(0, 255) },
    { ...missing, reason: refusal.message },
  );
}
