// @herald/react: Herald's inbox for React apps. Import the styles once: `import "@herald/react/styles.css"`.
export { HeraldProvider, useHerald, type HeraldContextValue, type HeraldProviderProps } from "./provider.tsx";
export {
  useNotificationActions,
  useNotifications,
  usePreferences,
  useUnreadCount,
  type NotificationActions,
  type UseNotifications,
  type UsePreferences,
} from "./hooks.ts";
export type { InboxState } from "./store.ts";
export { Bell, type BellProps } from "./components/bell.tsx";
export { Inbox, type InboxProps } from "./components/inbox.tsx";
export {
  NotificationItem,
  type NotificationItemProps,
  type RenderNotification,
} from "./components/notification-item.tsx";
export { Preferences, type PreferencesProps } from "./components/preferences.tsx";
export { Toasts, type ToastsProps } from "./components/toasts.tsx";
export { relativeTime } from "@herald/js";
