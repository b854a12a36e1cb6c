// The OpenAPI 3.1 document of /api/v1, built from the endpoint declarations (lib/api/endpoints):
// the same definitions the router serves and validates with, so the two cannot differ.
import { z } from "zod";
import {
  createDocument,
  type oas31,
  type ZodOpenApiOperationObject,
  type ZodOpenApiOverride,
  type ZodOpenApiParameters,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type ZodOpenApiResponsesObject,
} from "zod-openapi";
import pkg from "../../package.json";
import { API_KEY_PREFIX } from "../auth/api-keys";
import { SESSION_COOKIE } from "../auth/session";
import type { ErrorCode } from "../errors";
import { externalIdSchema } from "../users/schema";
import { envelope, errorSchema, TAG } from "./doc-parts";
import { endpoint, type AuthMode, type Endpoint, type ErrorStatus } from "./endpoint";
import { ENDPOINTS } from "./endpoints";
import { processSingleton } from "../process-singleton";

const json = (schema: z.ZodType) => ({ "application/json": { schema } });

/** A shared error response (a component), with an example of what Herald answers for it. */
function errorResponse(
  id: string,
  status: number,
  errorCode: ErrorCode,
  description: string,
  message: string,
  extra?: Partial<ZodOpenApiResponseObject>,
): ZodOpenApiResponseObject {
  const example: Record<string, unknown> = { code: status, message, error_code: errorCode };
  if (status === 400) example.errors = [{ field: "user_ids", message: "must name at least one user" }];
  return { id, description, content: { "application/json": { schema: errorSchema, example } }, ...extra };
}

const errors: Record<ErrorStatus, ZodOpenApiResponseObject> = {
  400: errorResponse(
    "BadRequest",
    400,
    "invalid",
    "Invalid JSON or parameters: `errors` names each invalid field",
    "Invalid user_ids",
  ),
  401: errorResponse(
    "Unauthorized",
    401,
    "unauthorized",
    "No credentials, or credentials that do not verify",
    "Unauthorized",
  ),
  403: errorResponse(
    "Forbidden",
    403,
    "forbidden",
    "Authenticated, but not allowed: the role, a missing scope (the message names it: `Missing scope: users:write`), or an API key without X-User-Id where one user must act",
    "Forbidden",
  ),
  404: errorResponse(
    "NotFound",
    404,
    "not_found",
    "Not found (another user's or tenant's row looks the same as a missing one)",
    "Not found",
  ),
  409: errorResponse(
    "Conflict",
    409,
    "conflict",
    "Conflicts with the current state (e.g. a request with this Idempotency-Key is still running, the slug is taken)",
    "A request with this Idempotency-Key is still in progress",
  ),
  413: errorResponse("PayloadTooLarge", 413, "too_large", "The body is over 1 MB", "Request body too large"),
  422: errorResponse(
    "IdempotencyMismatch",
    422,
    "idempotency_mismatch",
    "The Idempotency-Key was already used with a different body",
    "Idempotency-Key was already used with a different request",
  ),
  429: errorResponse(
    "TooManyRequests",
    429,
    "rate_limited",
    "A rate limit is spent (per API key, per signed-in user, or per client address without credentials)",
    "Too many requests",
    {
      headers: z.object({
        "Retry-After": z.string().meta({ description: "Seconds until the limit resets" }),
        "RateLimit-Limit": z.string(),
        "RateLimit-Remaining": z.string(),
        "RateLimit-Reset": z.string(),
      }),
    },
  ),
};

/** A provider's webhook is proven by its signature over the raw body, not by credentials. */
const webhookErrors: Partial<Record<ErrorStatus, ZodOpenApiResponseObject>> = {
  401: errorResponse(
    "InvalidSignature",
    401,
    "unauthorized",
    "The signature is missing, does not verify, or (Svix) its timestamp is over 5 minutes off: nothing changed",
    "Invalid signature",
  ),
  404: errorResponse(
    "WebhookOff",
    404,
    "not_found",
    "The provider's secret is not configured: the endpoint is off",
    "Not found",
  ),
};

const bearerUser = { subscriberToken: [] };
const bearerKey = { apiKey: [] };
const cookie = { sessionCookie: [] };

/** Who may call, per auth mode (lib/api/endpoint.ts). */
const access: Record<AuthMode, { security: oas31.SecurityRequirementObject[]; note: string }> = {
  public: { security: [], note: "Public." },
  user: {
    security: [bearerUser, cookie, bearerKey],
    note: "Acts for one end user: a subscriber token, a session, or an API key with `X-User-Id` (which needs the `users:impersonate` scope).",
  },
  service: {
    security: [bearerKey, cookie],
    note: "For services: an API key, or an admin session.",
  },
  admin: {
    security: [bearerKey, cookie],
    note: "Admins: an admin session or an API key with the admin scope.",
  },
  super: { security: [bearerKey], note: "The bootstrap super key (`HERALD_API_KEY`) only." },
  any: {
    security: [bearerUser, cookie, bearerKey],
    note: "Any caller: an end user sees their own rows; an API key without `X-User-Id` (scope `notifications:read` or `notifications:send`) or an admin with `scope=tenant` sees the tenant's.",
  },
};

const actingUserHeader = z.object({
  "X-User-Id": externalIdSchema.optional().meta({
    description: "With an API key holding `users:impersonate`: the `user_id` of the end user to act as",
  }),
});

/** One operation with the responses its declaration implies (what it validates, who may call). */
export function operationOf({ spec }: Endpoint): ZodOpenApiOperationObject {
  const { security, note } = access[spec.auth];
  const header = spec.header ?? (spec.auth === "user" || spec.auth === "any" ? actingUserHeader : undefined);
  const requestParams: ZodOpenApiParameters = {};
  if (spec.params) requestParams.path = spec.params;
  if (spec.query) requestParams.query = spec.query;
  if (header) requestParams.header = header;

  const statuses = new Set<ErrorStatus>(spec.errors);
  if (spec.params || spec.query || spec.body) statuses.add(400);
  if (spec.body) statuses.add(413);
  if (spec.auth !== "public") for (const s of [401, 403] as const) statuses.add(s);
  statuses.add(429);
  // An unknown X-User-Id, or a path id that is not the caller's.
  if (spec.params || header === actingUserHeader) statuses.add(404);

  const responses: ZodOpenApiResponsesObject = {};
  if (spec.updated)
    responses["200"] = { description: spec.updated, content: json(envelope(spec.data, spec.updated)) };
  responses[`${spec.status ?? 200}`] = {
    description: spec.message ?? "Success",
    content: json(envelope(spec.data, spec.message)),
    ...spec.response,
  };
  const own = spec.tag === TAG.webhooks ? webhookErrors : {};
  for (const s of [...statuses].sort((a, b) => a - b)) responses[`${s}`] = own[s] ?? errors[s];

  const scopeNote = spec.scope ? ` API keys need the \`${spec.scope}\` scope (or \`admin\`).` : "";
  const requestBody =
    spec.requestBody ?? (spec.body ? { required: true, content: json(spec.body) } : undefined);
  return {
    operationId: spec.id,
    // Machine-readable access rule: tools (and the access test) read who may call from here.
    "x-herald-auth": spec.auth,
    ...(spec.scope ? { "x-herald-scope": spec.scope } : {}),
    summary: spec.summary,
    description: [spec.description, note + scopeNote].filter(Boolean).join("\n\n"),
    tags: [spec.tag],
    security,
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
  };
}

/**
 * Drops what only clutters the reference: zod's ±2^53 bounds on every integer, and its long regexes
 * for formats (date-time, uuid, email) that `format` already names.
 */
const tidy: ZodOpenApiOverride = ({ jsonSchema }) => {
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (typeof jsonSchema.format === "string" && ["date-time", "uuid", "email"].includes(jsonSchema.format))
    delete jsonSchema.pattern;
};

export function buildDocument(endpoints: Endpoint[] = API_ENDPOINTS) {
  const paths: ZodOpenApiPathsObject = {};
  for (const e of endpoints) paths[e.spec.path] = { ...paths[e.spec.path], [e.spec.method]: operationOf(e) };
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Herald API",
        version: pkg.version,
        description:
          "Herald's REST API. Every answer is the envelope `{code, message, data}`; errors are `{code, message, error_code, errors?}` where `error_code` is a stable code to branch on and `errors` lists `{field, message}` per invalid field. Every response carries `X-Request-Id`.",
      },
      tags: [
        { name: TAG.notifications, description: "Send, list and change notifications" },
        {
          name: TAG.templates,
          description: "Reusable content with variables, per channel and locale, with versions",
        },
        { name: TAG.users, description: "Your users, and subscriber tokens for their browsers" },
        {
          name: TAG.administration,
          description: "API keys, tenants, the token secret, provider accounts and the dev outbox",
        },
        { name: TAG.announcements, description: "Notices for everyone or an audience, and their readers" },
        { name: TAG.preferences, description: "Users' channels per type, quiet hours and mute" },
        {
          name: TAG.push,
          description: "Browsers registered for Web Push, and mobile devices for FCM and APNs",
        },
        { name: TAG.webhooks, description: "Delivery status callbacks from email and SMS providers" },
        {
          name: TAG.workflows,
          description: "Steps an event runs through: channels, delays, digests, throttles",
        },
        { name: TAG.topics, description: "Named groups of users a workflow trigger can address at once" },
        {
          name: TAG.schedules,
          description: "Recurring triggers of a workflow, each recipient at their local time",
        },
      ],
      paths,
      components: {
        securitySchemes: {
          apiKey: {
            type: "http",
            scheme: "bearer",
            bearerFormat: `${API_KEY_PREFIX}…`,
            description: `An API key (\`${API_KEY_PREFIX}…\`) from the console's API keys page. Add \`X-User-Id\` to act for one end user.`,
          },
          subscriberToken: {
            type: "http",
            scheme: "bearer",
            bearerFormat: "JWT",
            description:
              "A subscriber token from `POST /api/v1/users/{user_id}/token`: one end user's rights.",
          },
          sessionCookie: {
            type: "apiKey",
            in: "cookie",
            name: SESSION_COOKIE,
            description: `The console's sign-in session (\`__Secure-${SESSION_COOKIE}\` over HTTPS). Writes must be same-origin.`,
          },
        },
      },
    },
    { override: tidy },
  );
}

export type OpenApiDocument = ReturnType<typeof createDocument>;

/** The document, built on first use: the declarations do not change while the process runs. */
export const openApiDocument = (): OpenApiDocument =>
  processSingleton("openapi-document", () => buildDocument());

/** Public: the document is raw JSON, not the envelope, and needs no caller. */
export const openApiEndpoint = endpoint(
  {
    method: "get",
    path: "/api/v1/openapi.json",
    id: "getOpenApiDocument",
    summary: "This OpenAPI document",
    tag: TAG.administration,
    auth: "public",
    data: z.record(z.string(), z.unknown()),
    response: {
      description: "The OpenAPI 3.1 document (not wrapped in the envelope)",
      content: json(z.record(z.string(), z.unknown())),
    },
  },
  async () => {
    const text = processSingleton("openapi-document-text", () => JSON.stringify(openApiDocument()));
    // The length is known (a HEAD answers it too): the text is built once per process.
    return new Response(text, {
      headers: {
        "Content-Type": "application/json",
        "Content-Length": String(Buffer.byteLength(text)),
        "Cache-Control": "public, max-age=300",
      },
    });
  },
);

/** Every endpoint the API app serves: the declared ones and this document's own. */
export const API_ENDPOINTS: Endpoint[] = [...ENDPOINTS, openApiEndpoint];
