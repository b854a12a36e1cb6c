// The inbox state one HeraldProvider shares between its hooks and components: the loaded
// notifications (newest first), the unread count, paging, and the live connection's status. REST
// pages and realtime events both merge into it, deduplicated by id and ordered by `seq`.
import type { ClientEvent, InboxClient, Notification, RealtimeStatus } from "@herald/js";

export type InboxState = {
  notifications: Notification[];
  unreadCount: number | null;
  /** Pass to the next page's `cursor`; null: no more pages. */
  nextCursor: string | null;
  isLoading: boolean;
  /** True once the first page arrived. */
  isLoaded: boolean;
  error: Error | null;
  status: RealtimeStatus;
};

export type InboxStore = {
  getState(): InboxState;
  subscribe(listener: () => void): () => void;
  /** Loads the first page (again); `pageSize` sticks for later pages. */
  refresh(pageSize?: number): Promise<void>;
  loadMore(): Promise<void>;
  /** A notification as the API returned it after an action (before its live event arrives). */
  upsert(notification: Notification): void;
  remove(id: string): void;
  setUnreadCount(count: number): void;
  /** Feeds one realtime event; returns the notification when it is new to this store. */
  apply(event: ClientEvent): Notification | null;
};

const initialState: InboxState = {
  notifications: [],
  unreadCount: null,
  nextCursor: null,
  isLoading: false,
  isLoaded: false,
  error: null,
  status: "disconnected",
};

const newestFirst = (a: Notification, b: Notification) => b.seq - a.seq;

export function createInboxStore(inbox: InboxClient, defaultPageSize = 20): InboxStore {
  let state = initialState;
  let pageSize = defaultPageSize;
  let loading: Promise<void> | null = null;
  const listeners = new Set<() => void>();

  const set = (patch: Partial<InboxState>) => {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  };
  const merge = (incoming: Notification[], base = state.notifications) => {
    const byId = new Map(base.map((n) => [n.id, n]));
    for (const n of incoming) {
      const known = byId.get(n.id);
      // A page fetched before a live change must not undo it.
      if (!known || n.change_seq >= known.change_seq) byId.set(n.id, n);
    }
    return [...byId.values()].sort(newestFirst);
  };
  /** What a first page keeps: newer versions of its rows and rows newer than it, both from live events. */
  const keptOnRefresh = (page: Notification[]) => {
    const ids = new Set(page.map((n) => n.id));
    const newest = Math.max(0, ...page.map((n) => n.seq));
    return state.notifications.filter((n) => ids.has(n.id) || n.seq > newest);
  };
  const load = (cursor: string | null) => {
    // One page request at a time: a second call waits for the one in flight.
    loading ??= (async () => {
      set({ isLoading: true, error: null });
      try {
        // An empty cursor asks for keyset pages, which stay stable while new notifications arrive.
        const query = { page_size: pageSize, cursor: cursor ?? "" };
        const [page, count] = await Promise.all([
          inbox.list(query),
          cursor ? Promise.resolve(state.unreadCount) : inbox.unreadCount(),
        ]);
        set({
          notifications: merge(
            page.notifications,
            cursor ? state.notifications : keptOnRefresh(page.notifications),
          ),
          nextCursor: page.next_cursor,
          unreadCount: count,
          isLoaded: true,
          isLoading: false,
        });
      } catch (err) {
        set({ isLoading: false, error: err instanceof Error ? err : new Error(String(err)) });
      } finally {
        loading = null;
      }
    })();
    return loading;
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh(size) {
      if (size) pageSize = size;
      return load(null);
    },
    async loadMore() {
      if (loading) await loading;
      if (state.nextCursor) await load(state.nextCursor);
    },
    upsert: (notification) => set({ notifications: merge([notification]) }),
    remove: (id) => set({ notifications: state.notifications.filter((n) => n.id !== id) }),
    setUnreadCount: (count) => set({ unreadCount: count }),
    apply(event) {
      switch (event.type) {
        case "notification:new":
        case "notification:updated": {
          const isNew = !state.notifications.some((n) => n.id === event.notification.id);
          set({ notifications: merge([event.notification]) });
          return isNew && event.type === "notification:new" ? event.notification : null;
        }
        case "notification:deleted":
          set({ notifications: state.notifications.filter((n) => n.id !== event.id) });
          return null;
        case "unread:count":
          set({ unreadCount: event.count });
          return null;
        case "synced":
          set({ unreadCount: event.unread_count });
          return null;
        case "status":
          set({ status: event.status });
          return null;
        default:
          return null;
      }
    },
  };
}
