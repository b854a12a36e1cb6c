// @herald/node: Herald's REST API for servers, typed from its OpenAPI document (src/openapi.ts is
// generated; `npm run generate:sdk` at the repository root refreshes it).
import createClient, {} from "openapi-fetch";
import { HeraldError } from "./errors.js";
import { retryingFetch } from "./retry.js";
export { HeraldError } from "./errors.js";
export { retryAfterMs, retryingFetch } from "./retry.js";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
async function unwrap(call) {
    let result;
    try {
        result = await call;
    }
    catch (err) {
        if (err instanceof HeraldError || (err instanceof Error && err.name === "AbortError"))
            throw err;
        throw HeraldError.network(err);
    }
    if (!result.response.ok || result.data === undefined)
        throw HeraldError.fromResponse(result.response, result.error);
    return result.data.data;
}
function headersOf(opts = {}) {
    const headers = { ...opts.headers };
    if (opts.idempotencyKey)
        headers["Idempotency-Key"] = opts.idempotencyKey;
    if (opts.userId)
        headers["X-User-Id"] = opts.userId;
    return headers;
}
export class Herald {
    /** The typed client for every operation the methods below do not wrap (openapi-fetch). */
    client;
    constructor(options) {
        if (!options.apiKey)
            throw new TypeError("Herald: apiKey is required");
        if (!options.baseUrl)
            throw new TypeError("Herald: baseUrl is required");
        this.client = createClient({
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
    notifications = {
        send: (body, opts) => unwrap(this.client.POST("/api/v1/notifications", { body, headers: headersOf(opts), signal: opts?.signal })),
        list: (query = {}, opts) => unwrap(this.client.GET("/api/v1/notifications", {
            params: { query },
            headers: headersOf(opts),
            signal: opts?.signal,
        })),
        get: (id, opts) => unwrap(this.client.GET("/api/v1/notifications/{id}", {
            params: { path: { id } },
            headers: headersOf(opts),
            signal: opts?.signal,
        })),
    };
    workflows = {
        trigger: (key, body, opts) => unwrap(this.client.POST("/api/v1/workflows/{key}/trigger", {
            params: { path: { key } },
            body,
            headers: headersOf(opts),
            signal: opts?.signal,
        })),
    };
    users = {
        /** Creates the user or updates the fields given (PUT /users/{user_id}). */
        upsert: (userId, body, opts) => unwrap(this.client.PUT("/api/v1/users/{user_id}", {
            params: { path: { user_id: userId } },
            body,
            headers: headersOf(opts),
            signal: opts?.signal,
        })),
        get: (userId, opts) => unwrap(this.client.GET("/api/v1/users/{user_id}", {
            params: { path: { user_id: userId } },
            headers: headersOf(opts),
            signal: opts?.signal,
        })),
    };
    subscriberTokens = {
        /** A token for one end user's browser (`Authorization: Bearer <token>`); needs `tokens:mint`. */
        mint: (userId, body = {}, opts) => unwrap(this.client.POST("/api/v1/users/{user_id}/token", {
            params: { path: { user_id: userId } },
            body,
            headers: headersOf(opts),
            signal: opts?.signal,
        })),
    };
    deliveries = {
        /** The delivery log: one row per channel attempt, newest first, cursor-paged. */
        list: (query = {}, opts) => unwrap(this.client.GET("/api/v1/deliveries", { params: { query }, headers: headersOf(opts), signal: opts?.signal })),
    };
    templates = {
        list: (query = {}, opts) => unwrap(this.client.GET("/api/v1/notifications/templates", {
            params: { query },
            headers: headersOf(opts),
            signal: opts?.signal,
        })),
        get: (templateId, opts) => unwrap(this.client.GET("/api/v1/notifications/templates/{template_id}", {
            params: { path: { template_id: templateId } },
            headers: headersOf(opts),
            signal: opts?.signal,
        })),
    };
}
/**
 * A token refresher for a browser client (@herald/js `getToken`): your server's handler calls it
 * for the signed-in user and hands the token to the page.
 */
export function subscriberTokenMinter(herald, options = {}) {
    return async (userId) => herald.subscriberTokens.mint(userId, options.ttlSeconds ? { ttl_seconds: options.ttlSeconds } : {});
}
//# sourceMappingURL=index.js.map