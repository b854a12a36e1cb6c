// The inbox list drawn into a shadow root, shared by <herald-inbox> and <herald-bell>'s popover.
// Built with DOM calls and textContent only: a notification's text never becomes markup.
import {
  actionsOf,
  actionTarget,
  followAction,
  relativeTime,
  type Notification,
  type NotificationAction,
} from "@herald/js";
import type { Session } from "./session.ts";

export type HeraldAction = "open" | "read" | "unread" | "delete" | "read-all" | "load-more" | "button";

/**
 * `detail` of the `herald-action` event; cancel the event to skip Herald's own handling. For
 * "button" (one of the notification's action buttons), `button` is it: a url-less one is the host
 * page's to answer, one with a URL is followed unless the event is cancelled.
 */
export type HeraldActionDetail = {
  action: HeraldAction;
  notification: Notification | null;
  button?: NotificationAction;
};

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<"className" | "textContent" | "part", string>> = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.textContent !== undefined) node.textContent = props.textContent;
  if (props.part) node.setAttribute("part", props.part);
  node.append(...children);
  return node;
}

function button(label: string, className: string, onClick: () => void): HTMLButtonElement {
  const b = el("button", { className, textContent: label, part: className });
  b.type = "button";
  b.addEventListener("click", onClick);
  return b;
}

/** Draws the session's list into `container` and keeps it drawn; returns the stop function. */
export function mountInboxView(container: HTMLElement, session: Session, host: HTMLElement): () => void {
  /** Tells the host page; runs Herald's handling unless a listener cancelled the event. */
  const act = (
    action: HeraldAction,
    notification: Notification | null,
    run?: () => Promise<void>,
    extra: Pick<HeraldActionDetail, "button"> = {},
  ) => {
    const event = new CustomEvent<HeraldActionDetail>("herald-action", {
      detail: { action, notification, ...extra },
      bubbles: true,
      composed: true,
      cancelable: true,
    });
    if (host.dispatchEvent(event) && run) void run();
  };
  /** A click on an action button: recorded first, then told to the page, then a safe URL followed. */
  const clickButton = (n: Notification, a: NotificationAction) => {
    void session.inbox.interacted(n.id, a.id).catch(() => {});
    const target = actionTarget(a, window.location.origin);
    act("button", n, target ? async () => followAction(target) : undefined, { button: a });
  };
  const media = (className: string, src: string | null) => {
    if (!src) return [];
    const img = el("img", { className, part: className });
    img.src = src;
    img.alt = "";
    img.loading = "lazy";
    return [img];
  };
  const buttonsOf = (n: Notification) => {
    const actions = actionsOf(n);
    if (actions.length === 0) return [];
    const group = el(
      "span",
      { className: "buttons", part: "buttons" },
      ...actions.map((a) => {
        const b = button(a.label, "action-button", () => clickButton(n, a));
        b.dataset.style = a.style;
        return b;
      }),
    );
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", `Actions for ${n.title}`);
    return [group];
  };
  const row = (n: Notification) => {
    const isUnread = n.read_at === null;
    const time = el("time", { textContent: relativeTime(n.created_at) });
    time.dateTime = n.created_at;
    const body = el(
      "button",
      { className: "body", part: "body" },
      el("span", { className: "item-title", textContent: n.title }),
      ...(n.content ? [el("span", { className: "item-content", textContent: n.content })] : []),
      time,
    );
    body.type = "button";
    body.addEventListener("click", () => act("open", n, isUnread ? () => session.markRead(n.id) : undefined));
    const li = el(
      "li",
      { part: "item" },
      ...media("avatar", n.avatar),
      body,
      el(
        "span",
        { className: "actions" },
        isUnread
          ? button("Mark read", "action", () => act("read", n, () => session.markRead(n.id)))
          : button("Mark unread", "action", () => act("unread", n, () => session.markUnread(n.id))),
        button("Delete", "action", () => act("delete", n, () => session.remove(n.id))),
      ),
      ...media("image", n.image_url),
      ...buttonsOf(n),
    );
    li.setAttribute("aria-label", n.title);
    if (isUnread) li.dataset.unread = "";
    return li;
  };
  const draw = () => {
    const { notifications, unreadCount, nextCursor, isLoaded, error } = session.state;
    const readAll = button("Mark all read", "action", () =>
      act("read-all", null, () => session.markAllRead()),
    );
    readAll.disabled = !unreadCount;
    const section = el(
      "section",
      { className: "inbox", part: "inbox" },
      el(
        "header",
        { className: "header" },
        el("h2", { className: "title", textContent: "Notifications" }),
        readAll,
      ),
    );
    section.setAttribute("aria-label", "Notifications");
    if (error) {
      const alert = el("p", { className: "error", textContent: error });
      alert.setAttribute("role", "alert");
      section.append(alert);
    }
    if (isLoaded && notifications.length === 0)
      section.append(el("p", { className: "empty", textContent: "You have no notifications." }));
    else section.append(el("ul", {}, ...notifications.map(row)));
    if (nextCursor)
      section.append(button("Load more", "more", () => act("load-more", null, () => session.loadMore())));
    container.replaceChildren(section);
  };
  draw();
  return session.subscribe(draw);
}
