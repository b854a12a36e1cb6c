// The OpenAPI 3.1 document of /api/v1, generated from the zod schemas the handlers validate with.
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
import { tenantSettingsSchema, tenantSettingsUpdateSchema } from "../tenants/settings";
import { apiKeyCreateSchema, apiKeyIdParams, apiKeyUpdateSchema } from "../auth/api-key-schema";
import { API_KEY_PREFIX } from "../auth/api-keys";
import { SESSION_COOKIE } from "../auth/session";
import { subscriberTokenRequestSchema } from "../auth/subscriber-token-schema";
import type { ApiKeyScope } from "../db/schema";
import type { AuthMode } from "../http/route";
import { deliveryListQuery } from "../delivery/logs";
import { resendEventSchema, twilioStatusCallbackSchema, webhookResultSchema } from "../delivery/webhooks";
import { outboxListQuery, outboxPageSchema } from "../integrations/outbox";
import {
  integrationCreateSchema,
  integrationIdParams,
  integrationListQuery,
  integrationSchema,
  integrationTestResultSchema,
  integrationTestSchema,
  integrationUpdateSchema,
} from "../integrations/schema";
import {
  batchMarkSchema,
  idParams,
  listQuery,
  oneNotificationQuery,
  sendSchema,
  statsQuery,
} from "../notifications/schema";
import { announcementStatsPaths } from "./announcement-stats";
import { batchPaths } from "./batches";
import { adminOpsPaths } from "./admin-ops";
import { ANNOUNCEMENTS_TAG, PREFERENCES_TAG, announcementPaths } from "./announcements";
import { dashboardPaths } from "./dashboard";
import { pushSubscribeSchema, pushSubscriptionSchema, pushUnsubscribeSchema } from "../push/subscriptions";
import {
  previewResultSchema,
  previewSchema,
  templateCreateSchema,
  templateIdParams,
  templateListQuery,
  templatePageSchema,
  templateSchema,
  templateUpdateSchema,
  templateVersionSchema,
  versionParams,
} from "../templates/schema";
import { tenantCreateSchema } from "../tenants/tenants";
import { externalIdSchema, userIdParams, userListQuery, userUpsertSchema } from "../users/schema";
import {
  apiKeySchema,
  batchMarkResultSchema,
  deliveryPageSchema,
  deliverySchema,
  envelope,
  errorSchema,
  newApiKeySchema,
  notificationPageSchema,
  oneNotificationSchema,
  sendResultSchema,
  subscriberTokenSchema,
  tenantSchema,
  tenantStatsSchema,
  userPageSchema,
  userSchema,
  userStatsSchema,
} from "./schemas";

const json = (schema: z.ZodType) => ({ "application/json": { schema } });

/** A shared error response (a component), with an example of what Herald answers for it. */
function errorResponse(
  id: string,
  status: number,
  description: string,
  message: string,
  extra?: Partial<ZodOpenApiResponseObject>,
): ZodOpenApiResponseObject {
  const example: Record<string, unknown> = { code: status, message };
  if (status === 400) example.errors = [{ field: "user_ids", message: "must name at least one user" }];
  return { id, description, content: { "application/json": { schema: errorSchema, example } }, ...extra };
}

const errors = {
  400: errorResponse(
    "BadRequest",
    400,
    "Invalid JSON or parameters: `errors` names each invalid field",
    "Invalid user_ids",
  ),
  401: errorResponse(
    "Unauthorized",
    401,
    "No credentials, or credentials that do not verify",
    "Unauthorized",
  ),
  403: errorResponse(
    "Forbidden",
    403,
    "Authenticated, but not allowed: the role, a missing scope (the message names it: `Missing scope: users:write`), or an API key without X-User-Id where one user must act",
    "Forbidden",
  ),
  404: errorResponse(
    "NotFound",
    404,
    "Not found (another user's or tenant's row looks the same as a missing one)",
    "Not found",
  ),
  409: errorResponse(
    "Conflict",
    409,
    "Conflicts with the current state (e.g. a request with this Idempotency-Key is still running, the slug is taken)",
    "A request with this Idempotency-Key is still in progress",
  ),
  413: errorResponse("PayloadTooLarge", 413, "The body is over 1 MB", "Request body too large"),
  422: errorResponse(
    "IdempotencyMismatch",
    422,
    "The Idempotency-Key was already used with a different body",
    "Idempotency-Key was already used with a different request",
  ),
  429: errorResponse(
    "TooManyRequests",
    429,
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

const bearerUser = { subscriberToken: [] };
const bearerKey = { apiKey: [] };
const cookie = { sessionCookie: [] };

/** Who may call, per the route wrapper's auth modes (lib/http/route.ts). */
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

// readIdempotencyKey checks the header by hand (it is not a zod schema), so it is described here.
const idempotencyHeader = z.object({
  "Idempotency-Key": z.string().min(1).max(255).optional().meta({
    description:
      "Replays the first response when the same key and body come again within 24 h; a different body is 422, a request still running with it is 409",
  }),
});

export type Op = {
  id: string;
  summary: string;
  description?: string;
  tag: string;
  auth: AuthMode;
  scope?: ApiKeyScope;
  params?: z.ZodType<unknown, Record<string, unknown>>;
  query?: z.ZodType<unknown, Record<string, unknown>>;
  header?: z.ZodType<unknown, Record<string, unknown>>;
  body?: z.ZodType;
  data: z.ZodType;
  message?: string;
  status?: 200 | 201;
  /** Extra error statuses the handler itself can answer. */
  errors?: (keyof typeof errors)[];
  response?: Partial<ZodOpenApiResponseObject>;
};

/** One operation with the responses every wrapped handler can give, from what it validates. */
function op(o: Op): ZodOpenApiOperationObject {
  const { security, note } = access[o.auth];
  const header = o.header ?? (o.auth === "user" || o.auth === "any" ? actingUserHeader : undefined);
  const requestParams: ZodOpenApiParameters = {};
  if (o.params) requestParams.path = o.params;
  if (o.query) requestParams.query = o.query;
  if (header) requestParams.header = header;

  const statuses = new Set<keyof typeof errors>(o.errors);
  if (o.params || o.query || o.body) statuses.add(400);
  if (o.body) statuses.add(413);
  if (o.auth !== "public") for (const s of [401, 403] as const) statuses.add(s);
  statuses.add(429);
  // An unknown X-User-Id, or a path id that is not the caller's.
  if (o.params || header === actingUserHeader) statuses.add(404);

  const responses: ZodOpenApiResponsesObject = {
    [o.status ?? 200]: {
      description: o.message ?? "Success",
      content: json(envelope(o.data, o.message)),
      ...o.response,
    },
  };
  for (const s of [...statuses].sort((a, b) => a - b)) responses[`${s}`] = errors[s];

  const scopeNote = o.scope ? ` API keys need the \`${o.scope}\` scope (or \`admin\`).` : "";
  return {
    operationId: o.id,
    // Machine-readable access rule (a test checks it against the route's own declaration).
    "x-herald-auth": o.auth,
    ...(o.scope ? { "x-herald-scope": o.scope } : {}),
    summary: o.summary,
    description: [o.description, note + scopeNote].filter(Boolean).join("\n\n"),
    tags: [o.tag],
    security,
    ...(Object.keys(requestParams).length > 0 ? { requestParams } : {}),
    ...(o.body ? { requestBody: { required: true, content: json(o.body) } } : {}),
    responses,
  };
}

const N = "Notifications";
const U = "Users";
const A = "Administration";
const P = "Web Push";
const W = "Webhooks";
const T = "Templates";

const webhookErrors = {
  401: errorResponse(
    "InvalidSignature",
    401,
    "The signature is missing, does not verify, or (Svix) its timestamp is over 5 minutes off: nothing changed",
    "Invalid signature",
  ),
  404: errorResponse(
    "WebhookOff",
    404,
    "The provider's secret is not configured: the endpoint is off",
    "Not found",
  ),
};

/**
 * A provider's webhook: public, proven by its signature over the raw body (which the route wrapper
 * does not parse, so the body and the 401/404 it can answer are described here).
 */
function webhook(o: {
  id: string;
  summary: string;
  description: string;
  header: z.ZodObject;
  contentType: string;
  body: z.ZodType;
}): ZodOpenApiOperationObject {
  const base = op({
    id: o.id,
    summary: o.summary,
    description: o.description,
    tag: W,
    auth: "public",
    header: o.header,
    data: webhookResultSchema,
    errors: [400, 413],
  });
  return {
    ...base,
    requestBody: { required: true, content: { [o.contentType]: { schema: o.body } } },
    responses: {
      ...base.responses,
      401: webhookErrors[401],
      404: webhookErrors[404],
    },
  };
}

/** An upsert: 201 when it created the row (the operation's own answer), 200 when it updated one. */
function withUpdated(
  base: ZodOpenApiOperationObject,
  data: z.ZodType,
  message: string,
): ZodOpenApiOperationObject {
  return {
    ...base,
    responses: { 200: { description: message, content: json(envelope(data, message)) }, ...base.responses },
  };
}

const paths: ZodOpenApiPathsObject = {
  "/api/v1/notifications": {
    post: op({
      id: "sendNotifications",
      summary: "Send a notification to up to 10 000 users",
      description:
        "Writes one notification per distinct recipient (unknown user ids are created). Give `title`, `content` and `type`, or a `template_code` with its `params` (rendered per recipient; `type` and `channels` default to the template's; an unknown or inactive template, or a missing required variable, is a 400). A future `schedule_at` holds the batch until then.",
      tag: N,
      auth: "service",
      scope: "notifications:send",
      header: idempotencyHeader,
      body: sendSchema,
      data: sendResultSchema,
      message: "Notifications sent successfully",
      errors: [409, 422],
      response: {
        headers: z.object({
          "Idempotent-Replayed": z
            .literal("true")
            .optional()
            .meta({ description: "Present when this is the stored response of an earlier request" }),
        }),
      },
    }),
    get: op({
      id: "listNotifications",
      summary: "List notifications",
      description:
        "Offset pages by default (`page`, `page_size`); give `cursor` (an empty one for the first page) for keyset pages that stay stable while new notifications arrive.",
      tag: N,
      auth: "any",
      query: listQuery,
      data: notificationPageSchema,
    }),
  },
  "/api/v1/notifications/{id}": {
    get: op({
      id: "getNotification",
      summary: "Get one notification",
      tag: N,
      auth: "any",
      params: idParams,
      query: oneNotificationQuery,
      data: oneNotificationSchema,
    }),
    delete: op({
      id: "deleteNotification",
      summary: "Delete one of your notifications",
      tag: N,
      auth: "user",
      params: idParams,
      data: z.null(),
      message: "Notification deleted",
    }),
  },
  "/api/v1/notifications/{id}/read": {
    put: op({
      id: "markNotificationRead",
      summary: "Mark a notification read",
      description: "Idempotent: marking a read notification read again changes nothing.",
      tag: N,
      auth: "user",
      params: idParams,
      data: oneNotificationSchema,
    }),
  },
  "/api/v1/notifications/{id}/unread": {
    put: op({
      id: "markNotificationUnread",
      summary: "Mark a notification unread",
      description: "Idempotent: marking an unread notification unread again changes nothing.",
      tag: N,
      auth: "user",
      params: idParams,
      data: oneNotificationSchema,
    }),
  },
  "/api/v1/notifications/{id}/deliveries": {
    get: op({
      id: "listNotificationDeliveries",
      summary: "The send log of one notification: one row per external channel",
      tag: N,
      auth: "service",
      scope: "notifications:read",
      params: idParams,
      data: z.object({ deliveries: z.array(deliverySchema) }),
    }),
  },
  "/api/v1/deliveries": {
    get: op({
      id: "listDeliveries",
      summary: "The send log: deliveries by channel, status, provider, user, notification and time",
      description: "Newest first; keyset pages with `cursor` / `next_cursor`.",
      tag: N,
      auth: "service",
      scope: "notifications:read",
      query: deliveryListQuery,
      data: deliveryPageSchema,
    }),
  },
  "/api/v1/notifications/{id}/recall": {
    post: op({
      id: "recallNotification",
      summary: "Recall a sent notification",
      tag: N,
      auth: "service",
      scope: "notifications:send",
      params: idParams,
      data: oneNotificationSchema,
      message: "Notification recalled",
      errors: [409],
    }),
  },
  "/api/v1/notifications/{id}/cancel": {
    post: op({
      id: "cancelNotification",
      summary: "Cancel a scheduled notification",
      tag: N,
      auth: "service",
      scope: "notifications:send",
      params: idParams,
      data: oneNotificationSchema,
      message: "Notification cancelled",
      errors: [409],
    }),
  },
  "/api/v1/notifications/batch-mark": {
    post: op({
      id: "batchMarkNotifications",
      summary: "Mark up to 1000 notifications read, unread or deleted",
      tag: N,
      auth: "user",
      body: batchMarkSchema,
      data: batchMarkResultSchema,
    }),
  },
  "/api/v1/notifications/read-all": {
    post: op({
      id: "markAllNotificationsRead",
      summary: "Mark all your notifications read",
      tag: N,
      auth: "user",
      data: z.object({ updated: z.number().int() }),
      message: "All notifications marked as read",
    }),
  },
  "/api/v1/notifications/unread/count": {
    get: op({
      id: "countUnreadNotifications",
      summary: "Count your unread notifications",
      tag: N,
      auth: "user",
      data: z.object({ unread_count: z.number().int() }),
    }),
  },
  "/api/v1/notifications/stats": {
    get: op({
      id: "notificationStats",
      summary: "Notification figures",
      description:
        "An end user gets their own figures; a service or an admin with `scope=tenant` the tenant's.",
      tag: N,
      auth: "any",
      query: statsQuery,
      data: z.union([userStatsSchema, tenantStatsSchema]),
    }),
  },
  "/api/v1/notifications/templates": {
    get: op({
      id: "listTemplates",
      summary: "List templates",
      description: "Newest change first. `search` matches the name, code and description.",
      tag: T,
      auth: "service",
      scope: "templates:read",
      query: templateListQuery,
      data: templatePageSchema,
    }),
    post: op({
      id: "createTemplate",
      summary: "Create a template",
      description:
        "Content is Liquid (`{{ order.id }}`, filters, `if`/`for`; seed 002's `{name}` is shorthand for `{{ name }}`). The seed's flat `title`/`content` are the default locale's in-app block; `blocks` gives every locale's per-channel blocks. `variables` is extracted from every block; entries you send mark them required or optional with a default and an example. `{{ user.name }}`, `{{ user.email }}`… are the recipient's fields. Output is HTML-escaped in in-app and email HTML fields. A syntax error is a 400 naming the block, line and column.",
      tag: T,
      auth: "service",
      scope: "templates:write",
      body: templateCreateSchema,
      data: templateSchema,
      message: "Template created",
      status: 201,
      errors: [409],
    }),
  },
  "/api/v1/notifications/templates/{template_id}": {
    get: op({
      id: "getTemplate",
      summary: "Get a template by id or code",
      tag: T,
      auth: "service",
      scope: "templates:read",
      params: templateIdParams,
      data: templateSchema,
    }),
    put: op({
      id: "updateTemplate",
      summary: "Change a template",
      description:
        "Partial: omitted fields stay; `blocks` replaces every locale's blocks. The code cannot change. A change of content writes a new immutable version.",
      tag: T,
      auth: "service",
      scope: "templates:write",
      params: templateIdParams,
      body: templateUpdateSchema,
      data: templateSchema,
      message: "Template saved",
    }),
    delete: op({
      id: "deleteTemplate",
      summary: "Delete a template",
      description: "Soft delete: its versions stay (notifications point at them) and its code is free again.",
      tag: T,
      auth: "service",
      scope: "templates:write",
      params: templateIdParams,
      data: z.null(),
      message: "Template deleted",
    }),
  },
  "/api/v1/notifications/templates/{template_id}/preview": {
    post: op({
      id: "previewTemplate",
      summary: "Render a template with sample params",
      description:
        "Missing params take the variable's default, then its example. `locale` picks blocks the way a recipient's locale does (exact, then by language, then the default); a channel without a block shows the in-app block it falls back to (`fallback: true`).",
      tag: T,
      auth: "service",
      scope: "templates:read",
      params: templateIdParams,
      body: previewSchema,
      data: previewResultSchema,
    }),
  },
  "/api/v1/notifications/templates/{template_id}/versions": {
    get: op({
      id: "listTemplateVersions",
      summary: "A template's versions, newest first",
      tag: T,
      auth: "service",
      scope: "templates:read",
      params: templateIdParams,
      data: z.object({ versions: z.array(templateVersionSchema) }),
    }),
  },
  "/api/v1/notifications/templates/{template_id}/versions/{version}": {
    get: op({
      id: "getTemplateVersion",
      summary: "One version of a template",
      tag: T,
      auth: "service",
      scope: "templates:read",
      params: versionParams,
      data: templateVersionSchema,
    }),
  },
  "/api/v1/notifications/templates/{template_id}/versions/{version}/restore": {
    post: op({
      id: "restoreTemplateVersion",
      summary: "Restore a version (as a new version)",
      tag: T,
      auth: "service",
      scope: "templates:write",
      params: versionParams,
      data: templateSchema,
      message: "Template version restored",
    }),
  },
  "/api/v1/me": {
    get: op({
      id: "getMe",
      summary: "The end user you act as",
      tag: U,
      auth: "user",
      data: userSchema,
    }),
  },
  "/api/v1/users": {
    get: op({
      id: "listUsers",
      summary: "List users",
      tag: U,
      auth: "service",
      scope: "users:read",
      query: userListQuery,
      data: userPageSchema,
    }),
  },
  "/api/v1/users/{user_id}": {
    get: op({
      id: "getUser",
      summary: "Get a user",
      tag: U,
      auth: "service",
      scope: "users:read",
      params: userIdParams,
      data: userSchema,
    }),
    put: op({
      id: "saveUser",
      summary: "Create or update a user",
      description:
        "Only an admin (session or admin-scoped key) may set `password` and `role`, or change the `email` or `phone` of a user who can sign in (has a password or an OAuth identity, or is an admin): otherwise 403 naming the fields, and nothing changes. A deleted user is a 409: restore it first.",
      tag: U,
      auth: "service",
      scope: "users:write",
      errors: [409],
      params: userIdParams,
      body: userUpsertSchema,
      data: userSchema,
      message: "User saved",
    }),
    delete: op({
      id: "deleteUser",
      summary: "Delete a user",
      description:
        "A soft delete: the person can no longer sign in, their tokens stop working and their live sockets close. Deleting a user who can sign in needs admin.",
      tag: U,
      auth: "service",
      scope: "users:write",
      params: userIdParams,
      data: z.null(),
      message: "User deleted",
    }),
  },
  "/api/v1/users/{user_id}/restore": {
    post: op({
      id: "restoreUser",
      summary: "Restore a deleted user",
      description:
        "The only way back for a deleted user (a PUT answers 409). Restoring a live user changes nothing.",
      tag: U,
      auth: "admin",
      params: userIdParams,
      data: userSchema,
      message: "User restored",
    }),
  },
  "/api/v1/users/{user_id}/token": {
    post: op({
      id: "issueSubscriberToken",
      summary: "Issue a subscriber token for a user",
      description:
        "Your backend mints it and hands it to the user's browser, which then calls the API (and the realtime socket) as that user and nothing more. Default lifetime 24 h.",
      tag: U,
      auth: "service",
      scope: "tokens:mint",
      params: userIdParams,
      body: subscriberTokenRequestSchema,
      data: subscriberTokenSchema,
    }),
  },
  "/api/v1/api-keys": {
    get: op({
      id: "listApiKeys",
      summary: "List API keys",
      tag: A,
      auth: "admin",
      data: z.object({ api_keys: z.array(apiKeySchema) }),
    }),
    post: op({
      id: "createApiKey",
      summary: "Create an API key",
      description: "The answer holds the secret key: it is never shown again.",
      tag: A,
      auth: "admin",
      body: apiKeyCreateSchema,
      data: newApiKeySchema,
      message: "API key created",
      status: 201,
    }),
  },
  "/api/v1/api-keys/{id}": {
    patch: op({
      id: "updateApiKey",
      summary: "Rename an API key or change its scopes",
      description:
        "New scopes apply to the key's next request on every node. The operator's key (HERALD_API_KEY) cannot be changed here.",
      tag: A,
      auth: "admin",
      params: apiKeyIdParams,
      body: apiKeyUpdateSchema,
      data: apiKeySchema,
      message: "API key updated",
    }),
    delete: op({
      id: "revokeApiKey",
      summary: "Revoke an API key",
      tag: A,
      auth: "admin",
      params: apiKeyIdParams,
      data: apiKeySchema,
      message: "API key revoked",
    }),
  },
  "/api/v1/tenant/settings": {
    get: op({
      id: "getTenantSettings",
      summary: "The tenant's settings",
      tag: A,
      auth: "admin",
      data: tenantSettingsSchema,
    }),
    put: op({
      id: "updateTenantSettings",
      summary: "Change the tenant's settings",
      description:
        "Only the fields given change. `embed_origins`: up to 20 origins (https; http only for localhost) whose pages may frame /embed/*.",
      tag: A,
      auth: "admin",
      body: tenantSettingsUpdateSchema,
      data: tenantSettingsSchema,
    }),
  },
  "/api/v1/tenant/rotate-token-secret": {
    post: op({
      id: "rotateTokenSecret",
      summary: "Rotate the tenant's subscriber-token secret",
      description: "Every subscriber token issued before stops working.",
      tag: A,
      auth: "admin",
      data: z.null(),
      message: "Token secret rotated: every subscriber token issued before is now invalid",
    }),
  },
  "/api/v1/tenants": {
    post: op({
      id: "createTenant",
      summary: "Create a tenant and its first admin API key",
      tag: A,
      auth: "super",
      body: tenantCreateSchema,
      data: z.object({ tenant: tenantSchema, api_key: newApiKeySchema }),
      message: "Tenant created",
      status: 201,
      errors: [409],
    }),
  },
  "/api/v1/webhooks/resend": {
    post: webhook({
      id: "resendWebhook",
      summary: "Resend's delivery events (Svix-signed)",
      description:
        "Point a Resend webhook here and set `RESEND_WEBHOOK_SECRET` to its signing secret. The email delivery whose provider message id is `data.email_id` moves forward only (a late `delivered` after `bounced` is ignored); an event replayed with the same `svix-id` is applied once; an unknown message is acknowledged.",
      header: z.object({
        "svix-id": z
          .string()
          .meta({ description: "The event id: a replay with the same id is applied once" }),
        "svix-timestamp": z.string().meta({ description: "Unix seconds; over 5 minutes off is refused" }),
        "svix-signature": z
          .string()
          .meta({ description: "Space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>` entries" }),
      }),
      contentType: "application/json",
      body: resendEventSchema,
    }),
  },
  "/api/v1/webhooks/twilio": {
    post: webhook({
      id: "twilioWebhook",
      summary: "Twilio's SMS status callbacks",
      description:
        "Enabled by `TWILIO_AUTH_TOKEN`. The signature covers the public URL Twilio called, so `APP_URL` must be Herald's public URL. The SMS delivery whose provider message id is `MessageSid` moves forward only; the same status twice is applied once; an unknown message is acknowledged.",
      header: z.object({
        "X-Twilio-Signature": z.string().meta({
          description:
            "base64 HMAC-SHA1, keyed with the auth token, of the URL followed by each sorted field's name and value",
        }),
      }),
      contentType: "application/x-www-form-urlencoded",
      body: twilioStatusCallbackSchema,
    }),
  },
  "/api/v1/push/vapid-public-key": {
    get: op({
      id: "getVapidPublicKey",
      summary: "The VAPID public key browsers subscribe with",
      description:
        "Pass it as `applicationServerKey` to `PushManager.subscribe`. From `VAPID_PUBLIC_KEY`; outside production without one, a key pair generated once and kept in `DATA_DIR`. 404 in production without keys.",
      tag: P,
      auth: "public",
      data: z.object({
        public_key: z.string().meta({ description: "base64url, an uncompressed P-256 point" }),
      }),
      errors: [404],
    }),
  },
  "/api/v1/push/subscriptions": {
    post: withUpdated(
      op({
        id: "subscribePush",
        summary: "Register this browser for Web Push",
        description:
          "The body is the browser's `PushSubscription.toJSON()`. One endpoint is one browser: a new endpoint is 201; registering it again updates it (200), also when another user of the tenant had it.",
        tag: P,
        auth: "user",
        body: pushSubscribeSchema,
        data: pushSubscriptionSchema,
        message: "Push subscription created",
        status: 201,
        errors: [409],
      }),
      pushSubscriptionSchema,
      "Push subscription updated",
    ),
    delete: op({
      id: "unsubscribePush",
      summary: "Unregister one of your browsers",
      tag: P,
      auth: "user",
      body: pushUnsubscribeSchema,
      data: z.null(),
      message: "Push subscription deleted",
    }),
  },
  "/api/v1/integrations": {
    get: op({
      id: "listIntegrations",
      summary: "List provider accounts",
      tag: A,
      auth: "admin",
      query: integrationListQuery,
      data: z.object({ integrations: z.array(integrationSchema) }),
    }),
    post: op({
      id: "createIntegration",
      summary: "Add a provider account for a channel",
      description:
        "`config` and `secrets` depend on `provider`: resend `{from, base_url?}` + `{api_key}`; smtp `{from}` + `{url}`; twilio `{from, base_url?}` + `{account_sid, auth_token}`; webpush `{public_key, subject}` + `{private_key}`; wechat `{app_id, base_url?}` + `{app_secret}`; outbox none. Secrets are stored encrypted and never returned (`secrets_set` names them). `is_default` makes it the channel's one default.",
      tag: A,
      auth: "admin",
      body: integrationCreateSchema,
      data: integrationSchema,
      message: "Integration created",
      status: 201,
    }),
  },
  "/api/v1/integrations/{id}": {
    get: op({
      id: "getIntegration",
      summary: "Get a provider account",
      tag: A,
      auth: "admin",
      params: integrationIdParams,
      data: integrationSchema,
    }),
    put: op({
      id: "updateIntegration",
      summary: "Change a provider account",
      description:
        "Partial: omitted fields stay. `config` replaces the settings; `secrets` is merged into the stored ones. The channel and provider do not change.",
      tag: A,
      auth: "admin",
      params: integrationIdParams,
      body: integrationUpdateSchema,
      data: integrationSchema,
      message: "Integration saved",
    }),
    delete: op({
      id: "deleteIntegration",
      summary: "Delete a provider account",
      description:
        "Its secrets are wiped; the channel falls back to the environment's provider if it was the default.",
      tag: A,
      auth: "admin",
      params: integrationIdParams,
      data: z.null(),
      message: "Integration deleted",
    }),
  },
  "/api/v1/integrations/{id}/test": {
    post: op({
      id: "testIntegration",
      summary: "Send a test message through a provider account",
      description:
        "A provider failure is reported in the answer (`ok: false`, `error`), not as an error status.",
      tag: A,
      auth: "admin",
      params: integrationIdParams,
      body: integrationTestSchema,
      data: integrationTestResultSchema,
    }),
  },
  "/api/v1/dev/outbox": {
    get: op({
      id: "listOutbox",
      summary: "The dev outbox: messages sent on channels without a provider",
      description: "Newest first; keyset pages with `cursor` / `next_cursor`.",
      tag: A,
      auth: "admin",
      query: outboxListQuery,
      data: outboxPageSchema,
    }),
  },
  ...announcementPaths(op),
  ...adminOpsPaths(op),
  ...dashboardPaths(op, A),
  ...batchPaths(op, N),
  ...announcementStatsPaths(op),
  "/api/v1/openapi.json": {
    get: {
      operationId: "getOpenApiDocument",
      summary: "This OpenAPI document",
      tags: [A],
      security: [],
      responses: {
        200: {
          description: "The OpenAPI 3.1 document (not wrapped in the envelope)",
          content: json(z.record(z.string(), z.unknown())),
        },
      },
    },
  },
};

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

function buildDocument() {
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Herald API",
        version: pkg.version,
        description:
          "Herald's REST API. Every answer is the envelope `{code, message, data}`; errors are `{code, message, errors?}` where `errors` lists `{field, message}` per invalid field. Every response carries `X-Request-Id`.",
      },
      tags: [
        { name: N, description: "Send, list and change notifications" },
        { name: T, description: "Reusable content with variables, per channel and locale, with versions" },
        { name: U, description: "Your users, and subscriber tokens for their browsers" },
        { name: A, description: "API keys, tenants, the token secret, provider accounts and the dev outbox" },
        { name: ANNOUNCEMENTS_TAG, description: "Notices for everyone or an audience, and their readers" },
        { name: PREFERENCES_TAG, description: "Users' channels per type, quiet hours and mute" },
        { name: P, description: "Browsers registered for Web Push notifications" },
        { name: W, description: "Delivery status callbacks from email and SMS providers" },
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

let built: OpenApiDocument | undefined;

/** The document, built on first use: the schemas do not change while the process runs. */
export function openApiDocument(): OpenApiDocument {
  return (built ??= buildDocument());
}
