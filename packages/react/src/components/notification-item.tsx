// One notification row: avatar, title, content, image, age, its action buttons and its read / unread /
// delete buttons.
import {
  actionsOf,
  actionTarget,
  followAction,
  relativeTime,
  type Notification,
  type NotificationAction,
} from "@herald/js";
import type { ReactNode } from "react";
import type { NotificationActions } from "../hooks.ts";

export type RenderNotification = (notification: Notification, actions: NotificationActions) => ReactNode;

export type NotificationItemProps = {
  notification: Notification;
  actions: NotificationActions;
  onClick?: (notification: Notification) => void;
  /** An action button without a URL was clicked (after Herald recorded the click). */
  onAction?: (notification: Notification, action: NotificationAction) => void;
};

/** Records the click, then follows a safe URL, or hands a url-less action to `onAction`. */
export function runAction(
  n: Notification,
  action: NotificationAction,
  actions: NotificationActions,
  onAction?: NotificationItemProps["onAction"],
): void {
  // Best effort: a lost click must not stop the user's action.
  void actions.interacted(n.id, action.id).catch(() => {});
  if (n.read_at === null) void actions.markRead(n.id).catch(() => {});
  if (!action.url) return onAction?.(n, action);
  const target = actionTarget(action, window.location.origin);
  if (target) followAction(target);
}

export function NotificationItem({ notification: n, actions, onClick, onAction }: NotificationItemProps) {
  const isUnread = n.read_at === null;
  const buttons = actionsOf(n);
  return (
    <li className="herald-item" data-unread={isUnread || undefined} aria-label={n.title}>
      {/* eslint-disable-next-line @next/next/no-img-element -- a library for any React app, not Next.js */}
      {n.avatar ? <img className="herald-item-avatar" src={n.avatar} alt="" loading="lazy" /> : null}
      <button type="button" className="herald-item-body" onClick={() => onClick?.(n)}>
        <span className="herald-item-title">{n.title}</span>
        {n.content ? <span className="herald-item-content">{n.content}</span> : null}
        <time className="herald-item-time" dateTime={n.created_at}>
          {relativeTime(n.created_at)}
        </time>
      </button>
      {/* eslint-disable-next-line @next/next/no-img-element -- a library for any React app, not Next.js */}
      {n.image_url ? <img className="herald-item-image" src={n.image_url} alt="" loading="lazy" /> : null}
      {buttons.length > 0 ? (
        <span className="herald-item-buttons" role="group" aria-label={`Actions for ${n.title}`}>
          {buttons.map((a) => (
            <button
              key={a.id}
              type="button"
              className="herald-button"
              data-style={a.style}
              onClick={() => runAction(n, a, actions, onAction)}
            >
              {a.label}
            </button>
          ))}
        </span>
      ) : null}
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
