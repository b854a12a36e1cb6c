// The hooks over HeraldProvider's shared store and clients.
import type { BatchMarkInput, Notification, Preferences, PreferencesInput } from "@herald/js";
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { useHerald } from "./provider.tsx";
import type { InboxState } from "./store.ts";

function useInboxState(): InboxState {
  const { store } = useHerald();
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

export type UseNotifications = Pick<
  InboxState,
  "notifications" | "isLoading" | "isLoaded" | "error" | "status"
> & {
  hasMore: boolean;
  loadMore(): Promise<void>;
  refresh(): Promise<void>;
};

/** The user's notifications, newest first, kept up to date live; `loadMore` fetches the next page. */
export function useNotifications(): UseNotifications {
  const { store } = useHerald();
  const state = useInboxState();
  return {
    notifications: state.notifications,
    isLoading: state.isLoading,
    isLoaded: state.isLoaded,
    error: state.error,
    status: state.status,
    hasMore: state.nextCursor !== null,
    loadMore: store.loadMore,
    refresh: () => store.refresh(),
  };
}

/** The user's unread count, live; null until it is known. */
export function useUnreadCount(): number | null {
  return useInboxState().unreadCount;
}

export type NotificationActions = {
  markRead(id: string): Promise<Notification>;
  markUnread(id: string): Promise<Notification>;
  markAllRead(): Promise<void>;
  /** Marks or deletes several at once. */
  markMany(ids: string[], action: BatchMarkInput["action"]): Promise<void>;
  remove(id: string): Promise<void>;
  markSeen(id: string): Promise<Notification>;
  /** Out of the list and the count; back with `unarchive`. */
  archive(id: string): Promise<Notification>;
  unarchive(id: string): Promise<Notification>;
  /** Out of the list and the count until `until`; it then comes back live, on top, unread. */
  snooze(id: string, until: Date | string): Promise<Notification>;
  unsnooze(id: string): Promise<Notification>;
  /** A click on its action link or its action button `actionId`: recorded, counted as a click. */
  interacted(id: string, actionId?: string): Promise<void>;
};

/**
 * The inbox's writes. Each updates the shared list at once from the API's answer; the live event
 * that follows changes nothing more. Other calls: `useHerald().inbox`.
 */
export function useNotificationActions(): NotificationActions {
  const { inbox, store } = useHerald();
  return useMemo(() => {
    const recount = async () => store.setUnreadCount(await inbox.unreadCount());
    const upserted = async (call: Promise<Notification>) => {
      const notification = await call;
      store.upsert(notification);
      void recount().catch(() => {});
      return notification;
    };
    const removed = async (id: string, call: Promise<Notification>) => {
      const notification = await call;
      store.remove(id);
      void recount().catch(() => {});
      return notification;
    };
    return {
      markSeen: (id) => upserted(inbox.markSeen(id)),
      archive: (id) => removed(id, inbox.archive(id)),
      unarchive: (id) => upserted(inbox.unarchive(id)),
      snooze: (id, until) => removed(id, inbox.snooze(id, until)),
      unsnooze: (id) => upserted(inbox.unsnooze(id)),
      markRead: (id) => upserted(inbox.markRead(id)),
      markUnread: (id) => upserted(inbox.markUnread(id)),
      async markAllRead() {
        await inbox.markAllRead();
        await store.refresh();
      },
      async markMany(ids, action) {
        await inbox.markMany(ids, action);
        await store.refresh();
      },
      async interacted(id, actionId) {
        await inbox.interacted(id, actionId);
      },
      async remove(id) {
        await inbox.delete(id);
        store.remove(id);
        void recount().catch(() => {});
      },
    };
  }, [inbox, store]);
}

export type UsePreferences = {
  preferences: Preferences | null;
  isLoading: boolean;
  error: Error | null;
  /** Only the fields given change; null clears one. */
  save(changes: PreferencesInput): Promise<Preferences>;
};

/** The user's notification preferences. */
export function usePreferences(): UsePreferences {
  const { inbox } = useHerald();
  const [preferences, setPreferences] = useState<Preferences | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let isCurrent = true;
    inbox.preferences.get().then(
      (p) => isCurrent && setPreferences(p),
      (err: unknown) => isCurrent && setError(err instanceof Error ? err : new Error(String(err))),
    );
    return () => {
      isCurrent = false;
    };
  }, [inbox]);
  const save = useCallback(
    async (changes: PreferencesInput) => {
      const saved = await inbox.preferences.save(changes);
      setPreferences(saved);
      setError(null);
      return saved;
    },
    [inbox],
  );
  return { preferences, isLoading: preferences === null && error === null, error, save };
}
