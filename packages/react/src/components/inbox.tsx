// The notification list with its header (mark all read), paging and empty / error states.
import type { Notification, NotificationAction } from "@herald/js";
import type { ReactNode } from "react";
import { useNotificationActions, useNotifications, useUnreadCount } from "../hooks.ts";
import { NotificationItem, type RenderNotification } from "./notification-item.tsx";

export type InboxProps = {
  title?: ReactNode;
  /** Replaces the default row; keep the `key` to React (it is set on a wrapper). */
  renderNotification?: RenderNotification;
  renderEmpty?: () => ReactNode;
  /** A row's body was clicked (marks it read first). */
  onNotificationClick?: (notification: Notification) => void;
  /** An action button without a URL was clicked; buttons with a URL are followed. */
  onAction?: (notification: Notification, action: NotificationAction) => void;
  className?: string;
};

export function Inbox({
  title = "Notifications",
  renderNotification,
  renderEmpty,
  onNotificationClick,
  onAction,
  className,
}: InboxProps) {
  const { notifications, isLoaded, isLoading, error, hasMore, loadMore } = useNotifications();
  const unread = useUnreadCount();
  const actions = useNotificationActions();
  const open = (n: Notification) => {
    if (n.read_at === null) void actions.markRead(n.id);
    onNotificationClick?.(n);
  };
  return (
    <section className={["herald-inbox", className].filter(Boolean).join(" ")} aria-label="Notifications">
      <header className="herald-inbox-header">
        <h2 className="herald-inbox-title">{title}</h2>
        <button
          type="button"
          className="herald-action"
          disabled={!unread}
          onClick={() => void actions.markAllRead()}
        >
          Mark all read
        </button>
      </header>
      {error ? (
        <p className="herald-error" role="alert">
          {error.message}
        </p>
      ) : null}
      {isLoaded && notifications.length === 0 ? (
        (renderEmpty?.() ?? <p className="herald-empty">You have no notifications.</p>)
      ) : (
        <ul className="herald-list">
          {notifications.map((n) =>
            renderNotification ? (
              <li key={n.id} className="herald-item-custom">
                {renderNotification(n, actions)}
              </li>
            ) : (
              <NotificationItem
                key={n.id}
                notification={n}
                actions={actions}
                onClick={open}
                onAction={onAction}
              />
            ),
          )}
        </ul>
      )}
      {hasMore ? (
        <button type="button" className="herald-more" disabled={isLoading} onClick={() => void loadMore()}>
          {isLoading ? "Loading…" : "Load more"}
        </button>
      ) : null}
    </section>
  );
}
