// @herald/node: Herald's REST API for servers, typed from its OpenAPI document (src/openapi.ts is
// generated; `npm run generate:sdk` at the repository root refreshes it).
import createClient, { type Client } from "openapi-fetch";
import { HeraldError } from "@herald/js/errors";
import type { components, operations, paths } from "./openapi.ts";
import { retryingFetch, type RetryOptions } from "./retry.ts";

export { HeraldError, type FieldError } from "@herald/js/errors";
export { retryAfterMs, retryingFetch, type RetryOptions } from "./retry.ts";
export type { components, operations, paths } from "./openapi.ts";

export type HeraldOptions = {
  /** An API key (`hk_…`) from the console's API keys page. */
  apiKey: string;
  /** Where Herald answers, e.g. `https://herald.example.com` (no `/api/v1`). */
  baseUrl: string;
  /** Retries on 429, 5xx and network errors; `{ maxRetries: 0 }` turns them off. */
  retry?: RetryOptions;
  /** Defaults to the global fetch. */
  fetch?: (input: Request) => Promise<Response>;
  /** Sent with every request (besides Authorization). */
  headers?: Record<string, string>;
};

export type CallOptions = {
  /** Reused by every retry of this call; one is generated when omitted (writes only). */
  idempotencyKey?: string;
  /** Act for one end user (`X-User-Id`): needs an API key with `users:impersonate`. */
  userId?: string;
  signal?: AbortSignal;
  headers?: Record<string, string>;
};

type Schemas = components["schemas"];
type JsonBody<K extends keyof operations> =
  NonNullable<operations[K]["requestBody"]> extends { content: { "application/json": infer B } } ? B : never;
type Query<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;
type SuccessData<K extends keyof operations> = {
  [S in keyof operations[K]["responses"]]: S extends 200 | 201 | 202
    ? operations[K]["responses"][S] extends { content: { "application/json": { data: infer D } } }
      ? D
      : never
    : never;
}[keyof operations[K]["responses"]];

export type SendNotificationInput = JsonBody<"sendNotifications">;
export type SendResult = Schemas["SendResult"];
export type Notification = Schemas["Notification"];
/** `list`'s answer; with `grouped: true` (a user's own list) it is a NotificationGroupPage. */
export type NotificationPage = Schemas["NotificationPage"];
export type NotificationGroupPage = Schemas["NotificationGroupPage"];
/** The notification with its deliveries. */
export type NotificationDetail = SuccessData<"getNotification">;
export type ListNotificationsQuery = Query<"listNotifications">;
export type WorkflowTriggerInput = JsonBody<"triggerWorkflow">;
export type WorkflowTriggerResult = SuccessData<"triggerWorkflow">;
export type UserInput = JsonBody<"saveUser">;
export type User = Schemas["User"];
export type SubscriberToken = SuccessData<"issueSubscriberToken">;
export type DeliveryPage = SuccessData<"listDeliveries">;
export type ListDeliveriesQuery = Query<"listDeliveries">;
export type Template = Schemas["Template"];
export type TemplatePage = SuccessData<"listTemplates">;
export type ListTemplatesQuery = Query<"listTemplates">;

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** What openapi-fetch resolves with, narrowed to what unwrapping needs. */
type Result<D> = { data?: { data: D }; error?: unknown; response: Response };

async function unwrap<D>(call: Promise<Result<D>>): Promise<D> {
  let result: Result<D>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof HeraldError || (err instanceof Error && err.name === "AbortError")) throw err;
    throw HeraldError.network(err);
  }
  if (!result.response.ok || result.data === undefined)
    throw HeraldError.fromResponse(result.response, result.error);
  return result.data.data;
}

function headersOf(opts: CallOptions = {}): Record<string, string> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.idempotencyKey) headers["Idempotency-Key"] = opts.idempotencyKey;
  if (opts.userId) headers["X-User-Id"] = opts.userId;
  return headers;
}

export class Herald {
  /** The typed client for every operation the methods below do not wrap (openapi-fetch). */
  readonly client: Client<paths>;

  constructor(options: HeraldOptions) {
    if (!options.apiKey) throw new TypeError("Herald: apiKey is required");
    if (!options.baseUrl) throw new TypeError("Herald: baseUrl is required");
    this.client = createClient<paths>({
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      headers: { ...options.headers, Authorization: `Bearer ${options.apiKey}` },
      fetch: retryingFetch(options.fetch ?? ((request) => globalThis.fetch(request)), options.retry),
    });
    // Outside the retrying fetch, so every attempt of one call carries the same key.
    this.client.use({
      onRequest({ request }) {
        if (WRITES.has(request.method) && !request.headers.has("Idempotency-Key"))
          request.headers.set("Idempotency-Key", crypto.randomUUID());
        return request;
      },
    });
  }

  readonly notifications = {
    send: (body: SendNotificationInput, opts?: CallOptions): Promise<SendResult> =>
      unwrap(
        this.client.POST("/api/v1/notifications", { body, headers: headersOf(opts), signal: opts?.signal }),
      ),
    /** A flat page (`grouped=true` answers groups: that is the inbox's view, see @herald/js). */
    list: (
      query: Omit<ListNotificationsQuery, "grouped"> = {},
      opts?: CallOptions,
    ): Promise<NotificationPage> =>
      unwrap(
        this.client.GET("/api/v1/notifications", {
          params: { query },
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ) as Promise<NotificationPage>,
    get: (id: string, opts?: CallOptions): Promise<NotificationDetail> =>
      unwrap(
        this.client.GET("/api/v1/notifications/{id}", {
          params: { path: { id } },
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ),
  };

  readonly workflows = {
    trigger: (key: string, body: WorkflowTriggerInput, opts?: CallOptions): Promise<WorkflowTriggerResult> =>
      unwrap(
        this.client.POST("/api/v1/workflows/{key}/trigger", {
          params: { path: { key } },
          body,
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ),
  };

  readonly users = {
    /** Creates the user or updates the fields given (PUT /users/{user_id}). */
    upsert: (userId: string, body: UserInput, opts?: CallOptions): Promise<SuccessData<"getUser">> =>
      unwrap(
        this.client.PUT("/api/v1/users/{user_id}", {
          params: { path: { user_id: userId } },
          body,
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ),
    get: (userId: string, opts?: CallOptions): Promise<SuccessData<"getUser">> =>
      unwrap(
        this.client.GET("/api/v1/users/{user_id}", {
          params: { path: { user_id: userId } },
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ),
  };

  readonly subscriberTokens = {
    /** A token for one end user's browser (`Authorization: Bearer <token>`); needs `tokens:mint`. */
    mint: (
      userId: string,
      body: { ttl_seconds?: number } = {},
      opts?: CallOptions,
    ): Promise<SubscriberToken> =>
      unwrap(
        this.client.POST("/api/v1/users/{user_id}/token", {
          params: { path: { user_id: userId } },
          body,
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ),
  };

  readonly deliveries = {
    /** The delivery log: one row per channel attempt, newest first, cursor-paged. */
    list: (query: ListDeliveriesQuery = {}, opts?: CallOptions): Promise<DeliveryPage> =>
      unwrap(
        this.client.GET("/api/v1/deliveries", {
          params: { query },
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ),
  };

  readonly templates = {
    list: (query: ListTemplatesQuery = {}, opts?: CallOptions): Promise<TemplatePage> =>
      unwrap(
        this.client.GET("/api/v1/notifications/templates", {
          params: { query },
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ),
    get: (templateId: string, opts?: CallOptions): Promise<SuccessData<"getTemplate">> =>
      unwrap(
        this.client.GET("/api/v1/notifications/templates/{template_id}", {
          params: { path: { template_id: templateId } },
          headers: headersOf(opts),
          signal: opts?.signal,
        }),
      ),
  };
}

/**
 * A token refresher for a browser client (@herald/js `getToken`): your server's handler calls it
 * for the signed-in user and hands the token to the page.
 */
export function subscriberTokenMinter(herald: Herald, options: { ttlSeconds?: number } = {}) {
  return async (userId: string): Promise<SubscriberToken> =>
    herald.subscriberTokens.mint(userId, options.ttlSeconds ? { ttl_seconds: options.ttlSeconds } : {});
}
