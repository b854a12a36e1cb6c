"use client";
// The inbox's data: queries over REST, live events written straight into the cache, and
// optimistic actions that roll back when the server refuses them. Every write goes over REST (the
// realtime client only reads), so a change has one path with one set of rules, limits and errors.
import {
  skipToken,
  useInfiniteQuery,
  useQuery,
  useQueryClient,
  type QueryClient,
} from "@tanstack/react-query";
import { useCallback, useEffect, useRef } from "react";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { connectionOf, useRealtimeEvents } from "@/components/realtime/realtime-provider";
import type {
  ActiveAnnouncements,
  InboxApi,
  ListFilters,
  NotificationJson,
  UserAnnouncementJson,
} from "./api";
import {
  applyAnnouncement,
  applyChange,
  applyGroupChange,
  hasUnseen,
  inboxKeys,
  patchGroup,
  patchGroupRows,
  patchRows,
  withChanges,
  type AnnouncementChange,
  type Change,
  type GroupData,
  type ListData,
} from "./cache";
import { useInbox } from "./inbox-context";
import { DEFAULT_BADGE_MODE, type BadgeMode } from "@/lib/vocabulary/enums";

// Live events keep these fresh: no refetch on focus, mount or interval.
const LIVE = { staleTime: Infinity, refetchOnWindowFocus: false } as const;

export function useUnreadCount() {
  const { api, unreadEvents } = useInbox();
  const qc = useQueryClient();
  return useQuery({
    queryKey: inboxKeys.unread,
    queryFn: async () => {
      const mark = unreadEvents.mark();
      const { unread_count, badge } = await api.unreadCount();
      qc.setQueryData(inboxKeys.badgeMode, badge);
      // A live count that arrived meanwhile is at least as fresh as this answer.
      return unreadEvents.after(mark, unread_count);
    },
    ...LIVE,
  });
}

/** What the badge counts, as the count's answer said (unread until it has come). */
export function useBadgeMode(): BadgeMode {
  return (
    useQuery<BadgeMode>({ queryKey: inboxKeys.badgeMode, queryFn: skipToken, ...LIVE }).data ??
    DEFAULT_BADGE_MODE
  );
}

export function useNotificationList(filters: ListFilters) {
  const { api, changes } = useInbox();
  return useInfiniteQuery({
    queryKey: inboxKeys.list(filters),
    queryFn: async ({ pageParam }) => {
      const mark = changes.mark();
      const page = await api.list(filters, pageParam);
      return pageParam === "" ? withChanges(page, changes.since(mark), filters) : page;
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    ...LIVE,
  });
}

/** The list folded by group_key (the All tab): one row per group, kept live like the flat lists. */
export function useGroupList(filters: ListFilters) {
  const { api, changes } = useInbox();
  return useInfiniteQuery({
    queryKey: inboxKeys.groups(filters),
    queryFn: async ({ pageParam }) => {
      const mark = changes.mark();
      const page = await api.listGroups(filters, pageParam);
      if (pageParam !== "") return page;
      let data: GroupData | undefined | null = { pages: [page], pageParams: [""] };
      for (const change of changes.since(mark)) data = data && applyGroupChange(data, change, filters);
      // A change only the server can count arrived meanwhile: this answer may predate it.
      return data ? data.pages[0]! : api.listGroups(filters, pageParam);
    },
    initialPageParam: "",
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    ...LIVE,
  });
}

export function useAnnouncements() {
  const { api } = useInbox();
  return useQuery({ queryKey: inboxKeys.announcements, queryFn: () => api.announcements(), ...LIVE });
}

function listQueries(qc: QueryClient) {
  return qc.getQueryCache().findAll({ queryKey: inboxKeys.lists });
}

function groupQueries(qc: QueryClient) {
  return qc.getQueryCache().findAll({ queryKey: inboxKeys.groupLists });
}

/** One live change applied to every cached list (each with its own filters), folded ones too. */
export function applyToLists(qc: QueryClient, change: Change): void {
  for (const query of listQueries(qc)) {
    const filters = (query.queryKey[2] ?? {}) as ListFilters;
    qc.setQueryData<ListData>(query.queryKey, (data) => applyChange(data, change, filters));
  }
  for (const query of groupQueries(qc)) {
    const filters = (query.queryKey[2] ?? {}) as ListFilters;
    const next = applyGroupChange(query.state.data as GroupData | undefined, change, filters);
    if (next === null) void qc.invalidateQueries({ queryKey: query.queryKey, exact: true });
    else qc.setQueryData<GroupData>(query.queryKey, next);
  }
}

function setAnnouncements(qc: QueryClient, change: AnnouncementChange): void {
  qc.setQueryData<ActiveAnnouncements>(inboxKeys.announcements, (data) => applyAnnouncement(data, change));
}

/** Writes the realtime client's events into the query cache; mounted once per page. */
export function LiveCache() {
  const qc = useQueryClient();
  const { api, changes, pendingDeletes, unreadEvents } = useInbox();
  useEffect(() => {
    const flush = () => flushDeletes(api, pendingDeletes);
    window.addEventListener("pagehide", flush);
    return () => {
      window.removeEventListener("pagehide", flush);
      flush(); // the inbox goes away (e.g. the user left the signed-in pages)
    };
  }, [api, pendingDeletes]);
  const dropped = useRef(false);
  useRealtimeEvents((event) => {
    switch (event.type) {
      case "status":
        if (connectionOf(event) === "disconnected") dropped.current = true;
        return;
      case "synced":
        // The sync replays notifications only: announcements changed meanwhile are asked for again.
        if (dropped.current) void qc.invalidateQueries({ queryKey: inboxKeys.announcements });
        dropped.current = false;
        return;
      case "notification:new":
      case "notification:updated": {
        const change: Change = { kind: "upsert", notification: event.notification };
        changes.push(change);
        if (!pendingDeletes.has(event.notification.id)) applyToLists(qc, change);
        return;
      }
      case "notification:deleted": {
        const change: Change = { kind: "delete", id: event.id };
        changes.push(change);
        applyToLists(qc, change);
        return;
      }
      case "unread:count":
        unreadEvents.record(event.count);
        qc.setQueryData(inboxKeys.unread, event.count);
        return;
      case "announcement:new":
        setAnnouncements(qc, { kind: "upsert", announcement: event.announcement as UserAnnouncementJson });
        return;
      case "announcement:updated": {
        const announcement = event.announcement as UserAnnouncementJson;
        const isKnown = qc
          .getQueryData<ActiveAnnouncements>(inboxKeys.announcements)
          ?.announcements.some((cached) => cached.id === announcement.id);
        // Unknown here: dismissed by this user, or new to their audience; the server knows which.
        if (isKnown) setAnnouncements(qc, { kind: "upsert", announcement });
        else void qc.invalidateQueries({ queryKey: inboxKeys.announcements });
        return;
      }
      case "announcement:removed":
        setAnnouncements(qc, { kind: "remove", id: event.id });
        return;
    }
  });
  return null;
}

type Snapshot = {
  lists: [readonly unknown[], ListData | GroupData | undefined][];
  unread: number | undefined;
};

function snapshot(qc: QueryClient): Snapshot {
  return {
    lists: [...listQueries(qc), ...groupQueries(qc)].map((query) => [
      query.queryKey,
      query.state.data as ListData | GroupData | undefined,
    ]),
    unread: qc.getQueryData<number>(inboxKeys.unread),
  };
}

function restore(qc: QueryClient, saved: Snapshot): void {
  for (const [key, data] of saved.lists) qc.setQueryData(key, data);
  if (saved.unread !== undefined) qc.setQueryData(inboxKeys.unread, saved.unread);
}

function adjustUnread(qc: QueryClient, by: number): void {
  if (by !== 0)
    qc.setQueryData<number>(inboxKeys.unread, (count) =>
      count === undefined ? count : Math.max(0, count + by),
    );
}

const UNDO_MS = 5_000;

/** The error toast of a failed action ("Could not …", already translated), with the server's message. */
export function toastFailed(message: string, err: unknown): void {
  toast.error(message, { description: err instanceof Error ? err.message : undefined });
}

/** Sends the deletes still waiting for their Undo toast: the page is going away. */
function flushDeletes(api: InboxApi, pending: Map<string, () => void>): void {
  if (pending.size === 0) return;
  for (const settle of pending.values()) settle();
  const ids = [...pending.keys()];
  pending.clear();
  void api.batch("delete", ids, { keepalive: true }).catch(() => {});
}

/** Read/unread/delete/mark-all with optimistic updates; deletes wait for an Undo toast. */
export function useInboxActions() {
  const qc = useQueryClient();
  const { api, pendingDeletes } = useInbox();
  const t = useTranslations("inbox");

  const setRead = useCallback(
    async (items: NotificationJson[], read: boolean) => {
      const changing = items.filter((item) => (item.read_at !== null) !== read);
      if (changing.length === 0) return;
      const ids = new Set(changing.map((item) => item.id));
      await qc.cancelQueries({ queryKey: inboxKeys.all });
      const before = snapshot(qc);
      const at = new Date().toISOString();
      const mark = (item: NotificationJson) => ({ ...item, read_at: read ? (item.read_at ?? at) : null });
      for (const query of listQueries(qc))
        qc.setQueryData<ListData>(query.queryKey, (data) => patchRows(data, ids, mark));
      for (const query of groupQueries(qc))
        qc.setQueryData<GroupData>(query.queryKey, (data) => patchGroupRows(data, ids, mark));
      adjustUnread(qc, read ? -changing.length : changing.length);
      try {
        if (changing.length === 1) {
          const { notification } = await (read ? api.markRead : api.markUnread)(changing[0]!.id);
          applyToLists(qc, { kind: "upsert", notification });
        } else await api.batch(read ? "read" : "unread", [...ids]);
      } catch (err) {
        restore(qc, before);
        toastFailed(read ? t("failed.markRead") : t("failed.markUnread"), err);
      }
    },
    [qc, api, t],
  );

  const markAllRead = useCallback(async () => {
    await qc.cancelQueries({ queryKey: inboxKeys.all });
    const before = snapshot(qc);
    const at = new Date().toISOString();
    for (const query of listQueries(qc)) {
      const data = query.state.data as ListData | undefined;
      const ids = new Set(
        data?.pages.flatMap((page) =>
          page.notifications.filter((item) => !item.read_at).map((item) => item.id),
        ),
      );
      qc.setQueryData<ListData>(query.queryKey, (current) =>
        patchRows(current, ids, (item) => ({ ...item, read_at: at })),
      );
    }
    for (const query of groupQueries(qc))
      qc.setQueryData<GroupData>(query.queryKey, (data) =>
        patchGroupRows(data, null, (item) => ({ ...item, read_at: item.read_at ?? at })),
      );
    // The count also holds unread announcements, which "mark all" leaves alone.
    const announcementsUnread = qc.getQueryData<ActiveAnnouncements>(inboxKeys.announcements)?.unread;
    if (announcementsUnread !== undefined) qc.setQueryData(inboxKeys.unread, announcementsUnread);
    try {
      await api.readAll();
    } catch (err) {
      restore(qc, before);
      toastFailed(t("failed.markAllRead"), err);
    }
  }, [qc, api, t]);

  const remove = useCallback(
    (items: NotificationJson[]) => {
      if (items.length === 0) return;
      const ids = items.map((item) => item.id);
      let settled = false;
      // Until settled, live updates leave these out, and leaving the page sends the delete (pagehide).
      for (const id of ids) pendingDeletes.set(id, () => (settled = true));
      for (const id of ids) applyToLists(qc, { kind: "delete", id });
      const unreadRemoved = items.filter((item) => !item.read_at).length;
      adjustUnread(qc, -unreadRemoved);

      const settle = () => {
        if (settled) return false;
        settled = true;
        for (const id of ids) pendingDeletes.delete(id);
        return true;
      };
      const putBack = () => {
        for (const item of items) applyToLists(qc, { kind: "upsert", notification: item });
        adjustUnread(qc, unreadRemoved);
      };
      const commit = async () => {
        if (!settle()) return;
        try {
          await api.batch("delete", ids);
        } catch (err) {
          putBack();
          toastFailed(t("failed.delete"), err);
        }
      };
      const undo = () => {
        if (settle()) putBack();
      };
      toast(t("deleted", { count: items.length }), {
        duration: UNDO_MS,
        action: { label: t("undo"), onClick: undo },
        onAutoClose: () => void commit(),
        onDismiss: () => void commit(),
      });
    },
    [qc, api, pendingDeletes, t],
  );

  /**
   * Moves rows in or out of the Archived tab, or snoozes them: the rows take their new state in
   * every cached list at once (each list keeps or drops them by its view), the server's answer
   * replaces them, and a refusal puts everything back.
   */
  const changeState = useCallback(
    async (
      items: NotificationJson[],
      patch: Partial<NotificationJson>,
      send: (item: NotificationJson) => Promise<{ notification: NotificationJson }>,
      failed: string,
    ) => {
      if (items.length === 0) return;
      await qc.cancelQueries({ queryKey: inboxKeys.all });
      const before = snapshot(qc);
      for (const item of items) applyToLists(qc, { kind: "upsert", notification: { ...item, ...patch } });
      const leaving = patch.archived_at !== null || patch.snoozed_until != null;
      const unread = items.filter((item) => !item.read_at).length;
      adjustUnread(qc, leaving ? -unread : unread);
      try {
        for (const item of items)
          applyToLists(qc, { kind: "upsert", notification: (await send(item)).notification });
      } catch (err) {
        restore(qc, before);
        toastFailed(failed, err);
      }
    },
    [qc],
  );

  const setArchived = useCallback(
    (items: NotificationJson[], archived: boolean) =>
      changeState(
        items.filter((item) => (item.archived_at !== null) !== archived),
        { archived_at: archived ? new Date().toISOString() : null, snoozed_until: null },
        (item) => api.archive(item.id, archived),
        archived ? t("failed.archive") : t("failed.unarchive"),
      ),
    [changeState, api, t],
  );

  const snooze = useCallback(
    (items: NotificationJson[], until: Date) =>
      changeState(
        items,
        { snoozed_until: until.toISOString(), archived_at: null },
        (item) => api.snooze(item.id, until.toISOString()),
        t("failed.snooze"),
      ),
    [changeState, api, t],
  );

  /** Every member of a folded row read at once: the row and the badge drop first, the server confirms live. */
  const markGroupRead = useCallback(
    async (groupKey: string, unreadCount: number) => {
      if (unreadCount === 0) return;
      await qc.cancelQueries({ queryKey: inboxKeys.all });
      const before = snapshot(qc);
      const at = new Date().toISOString();
      for (const query of groupQueries(qc))
        qc.setQueryData<GroupData>(query.queryKey, (data) =>
          patchGroup(data, groupKey, (g) => ({
            ...g,
            unread_count: 0,
            latest: { ...g.latest, read_at: g.latest.read_at ?? at },
          })),
        );
      adjustUnread(qc, -unreadCount);
      try {
        await api.markGroupRead(groupKey);
      } catch (err) {
        restore(qc, before);
        toastFailed(t("failed.markGroupRead"), err);
      }
    },
    [qc, api, t],
  );

  /**
   * The bell was opened on `latest` (undefined: not loaded yet): what it shows is seen (the badge
   * drops when the tenant counts unseen). Nothing is asked when nothing is unseen.
   */
  const markAllSeen = useCallback(
    async (latest: readonly NotificationJson[] | undefined) => {
      const mode = qc.getQueryData<BadgeMode>(inboxKeys.badgeMode) ?? DEFAULT_BADGE_MODE;
      if (!hasUnseen(latest, mode, qc.getQueryData<number>(inboxKeys.unread) ?? 0)) return;
      try {
        await api.seenAll();
      } catch {
        // Seen is a hint for the badge: a failure leaves it as it was, nothing to tell the user.
        return;
      }
      const at = new Date().toISOString();
      for (const query of listQueries(qc))
        qc.setQueryData<ListData>(query.queryKey, (data) =>
          data
            ? {
                ...data,
                pages: data.pages.map((p) => ({
                  ...p,
                  notifications: p.notifications.map((n) => (n.seen_at ? n : { ...n, seen_at: at })),
                })),
              }
            : data,
        );
    },
    [api, qc],
  );

  return { setRead, markAllRead, markGroupRead, remove, setArchived, snooze, markAllSeen };
}

export type InboxActions = ReturnType<typeof useInboxActions>;
