// One declaration per endpoint: method, path, who may call, what it takes and what it answers. The
// router (lib/api/app.ts), the validation and the handler's types here, and the OpenAPI document
// (lib/api/document.ts) all read the same definition.
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { ZodOpenApiRequestBodyObject, ZodOpenApiResponseObject } from "zod-openapi";
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
import type { ApiKeyScope } from "../vocabulary/scopes";
import { getDb, type Db } from "../db/client";
import { appUrl } from "../env";
import { databaseUnavailable, DomainError, forbidden, unauthorized } from "../errors";
import { isDatabaseUnavailable } from "../db/errors";
import { logger } from "../log";
import { contextFrom, inSpan, SpanKind, SpanStatusCode, tracingStarted } from "../telemetry/tracing";
import { metrics } from "../metrics";
import { domainErrorResponse, errorResponse, ok } from "../http/envelope";
import { limitRequest } from "../auth/limits";
import { parseWith, queryObject, readJson } from "../http/validation";

/**
 * - public: anyone
 * - user: one end user (session, subscriber token, or API key + X-User-Id)
 * - service: an API key with `scope` (required), or an admin session
 * - admin: an admin session or an API key with the admin scope
 * - super: the bootstrap super key (HERALD_API_KEY)
 * - any: any authenticated caller; the handler decides (e.g. own list vs tenant-wide list)
 */
export type AuthMode = "public" | "user" | "service" | "admin" | "super" | "any";

/** Who may call an endpoint. A service endpoint names the scope a key needs: there is no default. */
export type RouteAccess =
  { auth: "service"; scope: ApiKeyScope } | { auth: Exclude<AuthMode, "service">; scope?: undefined };

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** Error statuses an endpoint can answer besides those its declaration implies. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429;

type Schema = z.ZodType;
type ParamSchema = z.ZodType<unknown, Record<string, unknown>>;
type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

export type EndpointSpec<P, Q, B, D extends Schema> = RouteAccess & {
  method: HttpMethod;
  /** The OpenAPI path, parameters in braces: `/api/v1/users/{user_id}`. */
  path: string;
  /** The OpenAPI operationId. */
  id: string;
  summary: string;
  description?: string;
  tag: string;
  params?: P;
  query?: Q;
  /** A JSON body, parsed and validated before the handler runs. */
  body?: B;
  /** Headers the handler reads itself (documented, not validated here). */
  header?: z.ZodObject;
  /** A body the handler reads itself (webhooks, CSV uploads): documented only. */
  requestBody?: ZodOpenApiRequestBodyObject;
  /** The `data` of the success envelope; the handler's result is typed by it. */
  data: D;
  /** The success envelope's message (default "Success"). */
  message?: string;
  status?: 200 | 201 | 202;
  /** An upsert also answers 200 with this message when it updated the row. */
  updated?: string;
  errors?: ErrorStatus[];
  /** What the success response looks like when it is not the envelope (CSV, the raw document). */
  response?: Partial<ZodOpenApiResponseObject>;
};

type CallerFor<A extends AuthMode> = A extends "public" ? Caller | null : Caller;

export type EndpointContext<A extends AuthMode, P, Q, B> = {
  req: Request;
  url: URL;
  requestId: string;
  db: Db;
  caller: CallerFor<A>;
  /** The acting end user (auth "user" only). */
  user: A extends "user" ? CallerUser : CallerUser | null;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
};

/** A handler's answer: the envelope's data (typed by the declaration), or a whole Response. */
export type Reply<D extends Schema> =
  { data: z.input<D>; status?: 200 | 201 | 202; message?: string; headers?: HeadersInit } | Response;

/** A declared endpoint, ready for the router and the document. */
export type Endpoint = {
  spec: EndpointSpec<ParamSchema | undefined, ParamSchema | undefined, Schema | undefined, Schema>;
  access: RouteAccess;
  handle: (req: Request, params: Record<string, string>) => Promise<Response>;
};

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

function requestIdOf(req: Request): string {
  const incoming = req.headers.get("x-request-id");
  return incoming && /^[\w.:-]{1,128}$/.test(incoming) ? incoming : randomUUID();
}

export function endpoint<
  A extends AuthMode,
  D extends Schema,
  P extends ParamSchema | undefined = undefined,
  Q extends ParamSchema | undefined = undefined,
  B extends Schema | undefined = undefined,
>(
  spec: EndpointSpec<P, Q, B, D> & { auth: A },
  handler: (ctx: EndpointContext<A, P, Q, B>) => Promise<Reply<D>>,
): Endpoint {
  // Types demand it already; this catches an endpoint built from untyped options at import time.
  if (spec.auth === "service" && !spec.scope)
    throw new Error(`${spec.id}: a service endpoint must name the scope an API key needs`);
  const access = { auth: spec.auth, scope: spec.scope } as RouteAccess;
  const spanName = `${spec.method.toUpperCase()} ${spec.path}`;
  // A span per request when tracing, continuing the caller's trace if it sent a traceparent.
  const handle = (req: Request, pathParams: Record<string, string>): Promise<Response> => {
    if (!tracingStarted()) return respond(req, pathParams);
    const traceparent = req.headers.get("traceparent");
    return inSpan(
      spanName,
      { "http.request.method": req.method, "http.route": spec.path, "herald.endpoint": spec.id },
      async (span) => {
        const response = await respond(req, pathParams);
        span.setAttribute("http.response.status_code", response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      },
      {
        kind: SpanKind.SERVER,
        parent: traceparent
          ? contextFrom({ traceparent, tracestate: req.headers.get("tracestate") ?? "" })
          : undefined,
      },
    );
  };
  const respond = async (req: Request, pathParams: Record<string, string>): Promise<Response> => {
    const started = performance.now();
    const requestId = requestIdOf(req);
    const extraHeaders: Record<string, string> = { "X-Request-Id": requestId };
    const url = new URL(req.url);
    let response: Response;
    try {
      const caller =
        spec.auth === "public" && !req.headers.get("authorization")
          ? null
          : await resolveCaller(getDb(), req.headers).catch(async (err: unknown) => {
              // Credentials that do not verify spend the address's budget: guessing keys or
              // tokens is bounded like any other call without credentials.
              if (err instanceof DomainError && err.code === "unauthorized")
                await limitRequest(null, req.headers);
              throw err;
            });
      if (caller?.kind === "session") assertSameOrigin(req, url);
      // Every caller spends a budget: its API key's, its user's, or (no credentials) its address's.
      Object.assign(extraHeaders, await limitRequest(caller, req.headers));
      try {
        authorize(access, caller);
      } catch (refusal) {
        // A user endpoint refusing a key without X-User-Id is a mistake, not an attempt on a right.
        if (
          caller &&
          access.auth !== "user" &&
          refusal instanceof DomainError &&
          refusal.code === "forbidden"
        )
          await recordRefusal({ tenantId: caller.tenantId, actor: actorOf(caller) }, req, url, refusal);
        throw refusal;
      }
      const params = spec.params ? parseWith(spec.params, pathParams) : undefined;
      const query = spec.query ? parseWith(spec.query, queryObject(url)) : undefined;
      const body = spec.body ? parseWith(spec.body, (await readJson(req)) ?? {}) : undefined;
      const reply = await handler({
        req,
        url,
        requestId,
        get db() {
          return getDb();
        },
        caller: caller as CallerFor<A>,
        user: (caller?.user ?? null) as EndpointContext<A, P, Q, B>["user"],
        params: params as Infer<P>,
        query: query as Infer<Q>,
        body: body as Infer<B>,
      });
      response =
        reply instanceof Response
          ? reply
          : ok(
              reply.data,
              reply.message ?? messageFor(spec, reply.status),
              reply.status ?? spec.status ?? 200,
              reply.headers,
            );
    } catch (err) {
      if (err instanceof MissingScopeError && err.by) await recordRefusal(err.by, req, url, err);
      if (err instanceof DomainError) {
        response = domainErrorResponse(err);
      } else {
        response = failureResponse(err, { requestId, method: req.method, path: url.pathname });
      }
    }
    for (const [k, v] of Object.entries(extraHeaders)) response.headers.set(k, v);
    // Time spent in Herald's own code for this request (browsers' dev tools and the benches show it).
    const elapsedMs = performance.now() - started;
    response.headers.set("Server-Timing", `app;dur=${elapsedMs.toFixed(2)}`);
    metrics().httpRequestDuration.observe(
      { method: req.method, route: spec.path, status: String(response.status) },
      elapsedMs / 1000,
    );
    return response;
  };
  return { spec: spec as unknown as Endpoint["spec"], access, handle };
}

/**
 * The answer to an error no rule expected: a database that is not answering is the client's to
 * retry (503 with Retry-After, logged as a warning); anything else is a bug (500, logged).
 */
export function failureResponse(err: unknown, context: Record<string, unknown>): Response {
  if (isDatabaseUnavailable(err)) {
    metrics().databaseErrors.inc({ source: "api" });
    logger().warn({ err, ...context }, "request failed: the database is not answering");
    return domainErrorResponse(databaseUnavailable());
  }
  logger().error({ err, ...context }, "request failed");
  return errorResponse("internal", "Internal server error");
}

/** An upsert's update (200) has its own message; everything else the declared one. */
function messageFor(spec: { message?: string; updated?: string; status?: number }, status?: number): string {
  if (status === 200 && spec.status === 201 && spec.updated) return spec.updated;
  return spec.message ?? "Success";
}

/** A credential reaching past its rights is a privileged attempt: the audit log keeps it. */
async function recordRefusal(
  who: { tenantId: string; actor: Actor },
  req: Request,
  url: URL,
  refusal: DomainError,
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
