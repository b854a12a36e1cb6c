// One notification row: title, content, age, and its read / unread / delete buttons.
import { relativeTime, type Notification } from "@herald/js";
import type { ReactNode } from "react";
import type { NotificationActions } from "../hooks.ts";

export type RenderNotification = (notification: Notification, actions: NotificationActions) => ReactNode;

export type NotificationItemProps = {
  notification: Notification;
  actions: NotificationActions;
  onClick?: (notification: Notification) => void;
};

export function NotificationItem({ notification: n, actions, onClick }: NotificationItemProps) {
  const isUnread = n.read_at === null;
  return (
    <li className="herald-item" data-unread={isUnread || undefined} aria-label={n.title}>
      <button type="button" className="herald-item-body" onClick={() => onClick?.(n)}>
        <span className="herald-item-title">{n.title}</span>
        {n.content ? <span className="herald-item-content">{n.content}</span> : null}
        <time className="herald-item-time" dateTime={n.created_at}>
          {relativeTime(n.created_at)}
        </time>
      </button>
      <span className="herald-item-actions">
        <button
          type="button"
          className="herald-action"
          onClick={() => void (isUnread ? actions.markRead(n.id) : actions.markUnread(n.id))}
        >
          {isUnread ? "Mark read" : "Mark unread"}
        </button>
        <button type="button" className="herald-action" onClick={() => void actions.remove(n.id)}>
          Delete
        </button>
      </span>
    </li>
  );
}
