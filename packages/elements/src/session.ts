// What the elements on one page share per Herald server and token: one inbox client, one live
// connection and one list with its unread count, so a <herald-bell> and a <herald-inbox> for the
// same user agree and open a single socket between them.
import {
  createInboxClient,
  createRealtimeClient,
  type ClientEvent,
  type InboxClient,
  type Notification,
  type RealtimeClient,
} from "@herald/js";

export type SessionOptions = {
  baseUrl: string;
  token?: string;
  getToken?: () => string | Promise<string>;
  pageSize: number;
  /** False: REST only. */
  live: boolean;
};

export type SessionState = {
  notifications: Notification[];
  unreadCount: number | null;
  nextCursor: string | null;
  isLoaded: boolean;
  error: string | null;
};

export type Session = {
  readonly inbox: InboxClient;
  readonly state: SessionState;
  subscribe(listener: () => void): () => void;
  loadMore(): Promise<void>;
  refresh(): Promise<void>;
  markRead(id: string): Promise<void>;
  markUnread(id: string): Promise<void>;
  remove(id: string): Promise<void>;
  markAllRead(): Promise<void>;
  /** Drops one holder; the last one closes the connection. */
  release(): void;
};

const sessions = new Map<string, { session: Session; holders: number }>();

const keyOf = (o: SessionOptions) => JSON.stringify([o.baseUrl, o.token ?? null, o.pageSize, o.live]);

/** The page's session for these options; call `release()` when the element leaves the page. */
export function acquireSession(opts: SessionOptions): Session {
  // A refresher is per element and cannot be compared: such a session is the element's own.
  const key = opts.getToken ? null : keyOf(opts);
  const shared = key ? sessions.get(key) : undefined;
  if (shared) {
    shared.holders += 1;
    return shared.session;
  }
  const session = createSession(opts, () => {
    if (!key) return true;
    const entry = sessions.get(key)!;
    entry.holders -= 1;
    if (entry.holders > 0) return false;
    sessions.delete(key);
    return true;
  });
  if (key) sessions.set(key, { session, holders: 1 });
  return session;
}

function createSession(opts: SessionOptions, isLastRelease: () => boolean): Session {
  const tokenOf = async () => (opts.getToken ? opts.getToken() : (opts.token ?? ""));
  const inbox = createInboxClient({ url: opts.baseUrl, getToken: tokenOf });
  const listeners = new Set<() => void>();
  let state: SessionState = {
    notifications: [],
    unreadCount: null,
    nextCursor: null,
    isLoaded: false,
    error: null,
  };
  const set = (patch: Partial<SessionState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  const merge = (incoming: Notification[], base: Notification[]) => {
    const byId = new Map(base.map((n) => [n.id, n]));
    for (const n of incoming) {
      const known = byId.get(n.id);
      if (!known || n.change_seq >= known.change_seq) byId.set(n.id, n);
    }
    return [...byId.values()].sort((a, b) => b.seq - a.seq);
  };
  const failed = (err: unknown) => set({ error: err instanceof Error ? err.message : String(err) });
  const load = async (cursor: string | null) => {
    try {
      const [page, count] = await Promise.all([
        inbox.list({ page_size: opts.pageSize, cursor: cursor ?? "" }),
        inbox.unreadCount(),
      ]);
      set({
        notifications: merge(page.notifications, cursor ? state.notifications : []),
        nextCursor: page.next_cursor,
        unreadCount: count,
        isLoaded: true,
        error: null,
      });
    } catch (err) {
      failed(err);
    }
  };
  const recount = () => inbox.unreadCount().then((count) => set({ unreadCount: count }), failed);
  const upserted = async (call: Promise<Notification>) => {
    set({ notifications: merge([await call], state.notifications) });
    await recount();
  };

  let realtime: RealtimeClient | null = null;
  if (opts.live) {
    realtime = createRealtimeClient({ url: opts.baseUrl, token: tokenOf, locks: null });
    realtime.subscribe((event: ClientEvent) => {
      switch (event.type) {
        case "notification:new":
        case "notification:updated":
          return set({ notifications: merge([event.notification], state.notifications) });
        case "notification:deleted":
          return set({ notifications: state.notifications.filter((n) => n.id !== event.id) });
        case "unread:count":
          return set({ unreadCount: event.count });
        case "synced":
          return set({ unreadCount: event.unread_count });
      }
    });
  }
  void load(null);

  return {
    inbox,
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadMore: () => (state.nextCursor ? load(state.nextCursor) : Promise.resolve()),
    refresh: () => load(null),
    markRead: (id) => upserted(inbox.markRead(id)).catch(failed),
    markUnread: (id) => upserted(inbox.markUnread(id)).catch(failed),
    async remove(id) {
      try {
        await inbox.delete(id);
        set({ notifications: state.notifications.filter((n) => n.id !== id) });
        await recount();
      } catch (err) {
        failed(err);
      }
    },
    async markAllRead() {
      try {
        await inbox.markAllRead();
        await load(null);
      } catch (err) {
        failed(err);
      }
    },
    release() {
      if (!isLastRelease()) return;
      realtime?.close();
      listeners.clear();
    },
  };
}
