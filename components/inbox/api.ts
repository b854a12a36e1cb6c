// The end user's REST calls, with the session cookie (Herald's own pages) or a subscriber token
// (the embedded inbox) as the credential.
import type { UserAnnouncementJson } from "@/lib/announcements/serialize";
import { apiFetch } from "@/lib/http/api-client";
import type { NotificationJson } from "@/lib/notifications/serialize";
import type { PreferencesUpdate } from "@/lib/preferences/schema";
import type { PreferencesJson } from "@/lib/preferences/store";
import type { ChoosableWorkflowJson, ChoosableWorkflowsJson } from "@/lib/workflows/choices";
import {
  notificationChannels,
  notificationPriorities,
  notificationTypes,
  type BadgeMode,
  type NotificationChannel as Channel,
  type NotificationPriority,
  type NotificationType,
} from "@/lib/vocabulary/enums";

export type {
  Channel,
  ChoosableWorkflowJson,
  NotificationJson,
  NotificationPriority,
  NotificationType,
  PreferencesJson,
  PreferencesUpdate,
  UserAnnouncementJson,
};

export const NOTIFICATION_TYPES = notificationTypes;
export const NOTIFICATION_PRIORITIES = notificationPriorities;
export const CHANNELS = notificationChannels;

/** What a list shows: the Unread and Archived tabs and the filters are the API's own query parameters. */
export type ListFilters = {
  unreadOnly?: boolean;
  type?: NotificationType;
  priority?: NotificationPriority;
  /** The Archived tab; omitted, the default inbox (neither archived nor snoozed). */
  view?: "archived";
  /** One group's members (an expanded folded row). */
  groupKey?: string;
};

export type BatchAction = "read" | "unread" | "delete" | "archive" | "unarchive";

export type ListPage = { notifications: NotificationJson[]; next_cursor: string | null };
/** A folded row: the notifications sharing a group_key (or one without a key). */
export type GroupJson = {
  group_key: string | null;
  count: number;
  unread_count: number;
  latest: NotificationJson;
};
export type GroupListPage = { groups: GroupJson[]; next_cursor: string | null };
export type ActiveAnnouncements = { announcements: UserAnnouncementJson[]; unread: number };
export type PushSubscriptionBody = {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
};

export const PAGE_SIZE = 20;

export type InboxApi = ReturnType<typeof createInboxApi>;

/** `token`: a subscriber token sent as Bearer; omitted, the page's session cookie. */
export function createInboxApi(token?: string) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const call = <T>(path: string, init: Parameters<typeof apiFetch>[1] = {}) =>
    apiFetch<T>(path, { ...init, headers: { ...headers, ...init.headers } });
  const base = "/api/v1/notifications";
  const listQuery = (filters: ListFilters, cursor: string) => ({
    cursor,
    page_size: PAGE_SIZE,
    unread_only: filters.unreadOnly ? "true" : undefined,
    type: filters.type,
    priority: filters.priority,
    view: filters.view,
    group_key: filters.groupKey,
  });
  return {
    list: (filters: ListFilters, cursor: string) =>
      call<ListPage>(base, { query: listQuery(filters, cursor) }),
    listGroups: (filters: ListFilters, cursor: string) =>
      call<GroupListPage>(base, { query: { ...listQuery(filters, cursor), grouped: "true" } }),
    markGroupRead: (groupKey: string) =>
      call<{ updated: number }>(`${base}/groups/${encodeURIComponent(groupKey)}/read`, { method: "PUT" }),
    unreadCount: () => call<{ unread_count: number; badge: BadgeMode }>(`${base}/unread/count`),
    markRead: (id: string) =>
      call<{ notification: NotificationJson }>(`${base}/${id}/read`, { method: "PUT" }),
    markUnread: (id: string) =>
      call<{ notification: NotificationJson }>(`${base}/${id}/unread`, { method: "PUT" }),
    archive: (id: string, archived: boolean) =>
      call<{ notification: NotificationJson }>(`${base}/${id}/${archived ? "archive" : "unarchive"}`, {
        method: "PUT",
      }),
    snooze: (id: string, until: string) =>
      call<{ notification: NotificationJson }>(`${base}/${id}/snooze`, { method: "PUT", body: { until } }),
    /** The bell was opened: everything in it counts as seen. */
    seenAll: () => call<{ updated: number }>(`${base}/seen-all`, { method: "POST" }),
    batch: (action: BatchAction, ids: string[], init: { keepalive?: boolean } = {}) =>
      call<{ affected: number }>(`${base}/batch-mark`, {
        method: "POST",
        body: { action, notification_ids: ids },
        ...init,
      }),
    /**
     * The action link or button `actionId` was followed: counted as a click (keepalive, so a
     * navigation does not cut it).
     */
    markInteracted: (id: string, actionId?: string) =>
      call<{ interacted_at: string }>(`${base}/${id}/interacted`, {
        method: "PUT",
        body: actionId === undefined ? {} : { action_id: actionId },
        keepalive: true,
      }),
    readAll: () => call<{ updated: number }>(`${base}/read-all`, { method: "POST" }),
    announcements: () => call<ActiveAnnouncements>("/api/v1/announcements/active"),
    markAnnouncement: (id: string, action: "read" | "dismiss") =>
      call<{ announcement: UserAnnouncementJson; unread_count: number }>(
        `/api/v1/announcements/${id}/${action}`,
        { method: "POST" },
      ),
    preferences: () => call<PreferencesJson>("/api/v1/preferences"),
    savePreferences: (body: PreferencesUpdate) =>
      call<PreferencesJson>("/api/v1/preferences", { method: "PUT", body }),
    preferenceWorkflows: () =>
      call<ChoosableWorkflowsJson>("/api/v1/preferences/workflows").then((d) => d.workflows),
    vapidPublicKey: () =>
      call<{ public_key: string }>("/api/v1/push/vapid-public-key").then((d) => d.public_key),
    subscribePush: (body: PushSubscriptionBody) =>
      call<unknown>("/api/v1/push/subscriptions", { method: "POST", body }),
    unsubscribePush: (endpoint: string) =>
      call<unknown>("/api/v1/push/subscriptions", { method: "DELETE", body: { endpoint } }),
  };
}
