import { type Client } from "openapi-fetch";
import type { components, operations, paths } from "./openapi.js";
import { type RetryOptions } from "./retry.js";
export { HeraldError, type FieldError } from "./errors.js";
export { retryAfterMs, retryingFetch, type RetryOptions } from "./retry.js";
export type { components, operations, paths } from "./openapi.js";
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
type JsonBody<K extends keyof operations> = NonNullable<operations[K]["requestBody"]> extends {
    content: {
        "application/json": infer B;
    };
} ? B : never;
type Query<K extends keyof operations> = NonNullable<operations[K]["parameters"]["query"]>;
type SuccessData<K extends keyof operations> = {
    [S in keyof operations[K]["responses"]]: S extends 200 | 201 | 202 ? operations[K]["responses"][S] extends {
        content: {
            "application/json": {
                data: infer D;
            };
        };
    } ? D : never : never;
}[keyof operations[K]["responses"]];
export type SendNotificationInput = JsonBody<"sendNotifications">;
export type SendResult = Schemas["SendResult"];
export type Notification = Schemas["Notification"];
export type NotificationPage = SuccessData<"listNotifications">;
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
export declare class Herald {
    /** The typed client for every operation the methods below do not wrap (openapi-fetch). */
    readonly client: Client<paths>;
    constructor(options: HeraldOptions);
    readonly notifications: {
        send: (body: SendNotificationInput, opts?: CallOptions) => Promise<SendResult>;
        list: (query?: ListNotificationsQuery, opts?: CallOptions) => Promise<NotificationPage>;
        get: (id: string, opts?: CallOptions) => Promise<NotificationDetail>;
    };
    readonly workflows: {
        trigger: (key: string, body: WorkflowTriggerInput, opts?: CallOptions) => Promise<WorkflowTriggerResult>;
    };
    readonly users: {
        /** Creates the user or updates the fields given (PUT /users/{user_id}). */
        upsert: (userId: string, body: UserInput, opts?: CallOptions) => Promise<SuccessData<"getUser">>;
        get: (userId: string, opts?: CallOptions) => Promise<SuccessData<"getUser">>;
    };
    readonly subscriberTokens: {
        /** A token for one end user's browser (`Authorization: Bearer <token>`); needs `tokens:mint`. */
        mint: (userId: string, body?: {
            ttl_seconds?: number;
        }, opts?: CallOptions) => Promise<SubscriberToken>;
    };
    readonly deliveries: {
        /** The delivery log: one row per channel attempt, newest first, cursor-paged. */
        list: (query?: ListDeliveriesQuery, opts?: CallOptions) => Promise<DeliveryPage>;
    };
    readonly templates: {
        list: (query?: ListTemplatesQuery, opts?: CallOptions) => Promise<TemplatePage>;
        get: (templateId: string, opts?: CallOptions) => Promise<SuccessData<"getTemplate">>;
    };
}
/**
 * A token refresher for a browser client (@herald/js `getToken`): your server's handler calls it
 * for the signed-in user and hands the token to the page.
 */
export declare function subscriberTokenMinter(herald: Herald, options?: {
    ttlSeconds?: number;
}): (userId: string) => Promise<SubscriberToken>;
