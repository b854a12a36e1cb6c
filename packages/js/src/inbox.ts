// The REST calls an inbox makes for one end user, with their subscriber token: list, count, mark,
// archive, snooze, delete, preferences. A token refresher is asked for a token when there is none and once more
// after a 401 (an expired token), and the call is repeated with the new one.
import createClient, { type Client } from "openapi-fetch";
import { HeraldError } from "./errors.ts";
import type { paths } from "./openapi.ts";
import type {
  BatchMarkInput,
  BatchMarkResult,
  BulkChangeInput,
  BulkChangeResult,
  InteractedResult,
  ListNotificationsQuery,
  MarkAllResult,
  Notification,
  NotificationGroupPage,
  NotificationPage,
  Preferences,
  PreferencesInput,
  UnreadCount,
} from "./types.ts";

export type TokenSource = {
  /** A subscriber token from your server (`POST /api/v1/users/{user_id}/token`). */
  token?: string;
  /** Asked for a fresh token when there is none and after the API refuses one as expired. */
  getToken?: () => string | Promise<string>;
};

export type InboxClientOptions = TokenSource & {
  /** Origin of the Herald server; omitted: the page's own origin. */
  url?: string;
  fetch?: (input: Request) => Promise<Response>;
};

export type InboxClient = {
  /** The typed REST client for calls this one does not wrap. */
  readonly client: Client<paths>;
  list(query?: Omit<ListNotificationsQuery, "grouped">): Promise<NotificationPage>;
  /**
   * The list folded by `group_key`: one item per group, newest group first, with `count`,
   * `unread_count` and the `latest` notification (keyset pages: pass `next_cursor` as `cursor`).
   * A group's members are `list({ group_key })`.
   */
  listGrouped(query?: Omit<ListNotificationsQuery, "grouped" | "page">): Promise<NotificationGroupPage>;
  get(id: string): Promise<Notification>;
  unreadCount(): Promise<number>;
  markRead(id: string): Promise<Notification>;
  markUnread(id: string): Promise<Notification>;
  /** Marks (or deletes) several of the user's notifications at once. */
  markMany(ids: string[], action: BatchMarkInput["action"]): Promise<BatchMarkResult>;
  markAllRead(): Promise<MarkAllResult>;
  /** Marks every notification of one group of the default inbox read. */
  markGroupRead(groupKey: string): Promise<MarkAllResult>;
  markSeen(id: string): Promise<Notification>;
  /** The bell was opened: every notification counts as seen. */
  markAllSeen(): Promise<MarkAllResult>;
  /** Out of the default list and the badge; listed with `view: "archived"`. */
  archive(id: string): Promise<Notification>;
  unarchive(id: string): Promise<Notification>;
  /** Hidden until `until` (at most 90 days ahead), then back on top, unread. */
  snooze(id: string, until: Date | string): Promise<Notification>;
  unsnooze(id: string): Promise<Notification>;
  /**
   * Records a click on the notification's action link, or on its action button `actionId` (one of
   * its `actions`): the first sets `interacted_at`; each with an action id is told to webhooks.
   */
  interacted(id: string, actionId?: string): Promise<InteractedResult>;
  /** Archives every notification of a view (default the inbox), optionally of one type or priority. */
  archiveAll(filters?: BulkChangeInput): Promise<BulkChangeResult>;
  deleteAll(filters?: BulkChangeInput): Promise<BulkChangeResult>;
  delete(id: string): Promise<void>;
  preferences: {
    get(): Promise<Preferences>;
    /** Only the fields given change; null clears one. */
    save(changes: PreferencesInput): Promise<Preferences>;
  };
};

type Result<D> = { data?: { data: D } | undefined; error?: unknown; response: Response };

async function unwrap<D>(call: Promise<Result<D>>): Promise<D> {
  let result: Result<D>;
  try {
    result = await call;
  } catch (err) {
    if (err instanceof HeraldError || (err instanceof Error && err.name === "AbortError")) throw err;
    throw HeraldError.network(err);
  }
  if (!result.response.ok) throw HeraldError.fromResponse(result.response, result.error);
  return result.data?.data as D;
}

function pageOrigin(): string {
  const location = (globalThis as { location?: { origin?: string } }).location;
  if (location?.origin) return location.origin;
  throw new TypeError("Herald: pass `url` (there is no page origin to default to)");
}

/** A fetch that adds the subscriber token and, on a 401, asks the refresher once for a new one. */
function authorizedFetch(opts: InboxClientOptions): (request: Request) => Promise<Response> {
  const send = opts.fetch ?? ((request: Request) => globalThis.fetch(request));
  let token: string | undefined = opts.token;
  let pending: Promise<string> | null = null;
  const refresh = async (): Promise<string | undefined> => {
    if (!opts.getToken) return token;
    // Calls that fail together share one refresh.
    pending ??= Promise.resolve(opts.getToken()).finally(() => (pending = null));
    token = await pending;
    return token;
  };
  const attempt = (request: Request, value: string | undefined) => {
    if (value) request.headers.set("Authorization", `Bearer ${value}`);
    return send(request);
  };
  return async (request) => {
    const current = token ?? (await refresh());
    if (!opts.getToken) return attempt(request, current);
    const response = await attempt(request.clone(), current);
    if (response.status !== 401) return response;
    const fresh = await refresh();
    if (fresh === current) return response;
    await response.body?.cancel();
    return attempt(request, fresh);
  };
}

export function createInboxClient(opts: InboxClientOptions = {}): InboxClient {
  const client = createClient<paths>({
    baseUrl: (opts.url ?? pageOrigin()).replace(/\/+$/, ""),
    fetch: authorizedFetch(opts),
  });
  return {
    client,
    // One path answers both shapes; `grouped` alone decides which.
    list: (query = {}) =>
      unwrap(client.GET("/api/v1/notifications", { params: { query } })) as Promise<NotificationPage>,
    listGrouped: (query = {}) =>
      unwrap(
        client.GET("/api/v1/notifications", { params: { query: { cursor: "", ...query, grouped: "true" } } }),
      ) as Promise<NotificationGroupPage>,
    get: async (id) =>
      (await unwrap(client.GET("/api/v1/notifications/{id}", { params: { path: { id } } }))).notification,
    unreadCount: async () =>
      (await unwrap<UnreadCount>(client.GET("/api/v1/notifications/unread/count"))).unread_count,
    markRead: async (id) =>
      (await unwrap(client.PUT("/api/v1/notifications/{id}/read", { params: { path: { id } } })))
        .notification,
    markUnread: async (id) =>
      (await unwrap(client.PUT("/api/v1/notifications/{id}/unread", { params: { path: { id } } })))
        .notification,
    markMany: (ids, action) =>
      unwrap(client.POST("/api/v1/notifications/batch-mark", { body: { notification_ids: ids, action } })),
    markAllRead: () => unwrap(client.POST("/api/v1/notifications/read-all")),
    markGroupRead: (groupKey) =>
      unwrap(
        client.PUT("/api/v1/notifications/groups/{group_key}/read", {
          params: { path: { group_key: groupKey } },
        }),
      ),
    markSeen: async (id) =>
      (await unwrap(client.PUT("/api/v1/notifications/{id}/seen", { params: { path: { id } } })))
        .notification,
    markAllSeen: () => unwrap(client.POST("/api/v1/notifications/seen-all")),
    archive: async (id) =>
      (await unwrap(client.PUT("/api/v1/notifications/{id}/archive", { params: { path: { id } } })))
        .notification,
    unarchive: async (id) =>
      (await unwrap(client.PUT("/api/v1/notifications/{id}/unarchive", { params: { path: { id } } })))
        .notification,
    snooze: async (id, until) =>
      (
        await unwrap(
          client.PUT("/api/v1/notifications/{id}/snooze", {
            params: { path: { id } },
            body: { until: typeof until === "string" ? until : until.toISOString() },
          }),
        )
      ).notification,
    unsnooze: async (id) =>
      (await unwrap(client.PUT("/api/v1/notifications/{id}/unsnooze", { params: { path: { id } } })))
        .notification,
    interacted: (id, actionId) =>
      unwrap(
        client.PUT("/api/v1/notifications/{id}/interacted", {
          params: { path: { id } },
          body: actionId === undefined ? {} : { action_id: actionId },
        }),
      ),
    archiveAll: (filters = {}) => unwrap(client.POST("/api/v1/notifications/archive-all", { body: filters })),
    deleteAll: (filters = {}) => unwrap(client.POST("/api/v1/notifications/delete-all", { body: filters })),
    delete: async (id) => {
      const { response, error } = await client
        .DELETE("/api/v1/notifications/{id}", { params: { path: { id } } })
        .catch((err: unknown) => Promise.reject(err instanceof HeraldError ? err : HeraldError.network(err)));
      if (!response.ok) throw HeraldError.fromResponse(response, error);
    },
    preferences: {
      get: () => unwrap(client.GET("/api/v1/preferences")),
      save: (changes) => unwrap(client.PUT("/api/v1/preferences", { body: changes })),
    },
  };
}
