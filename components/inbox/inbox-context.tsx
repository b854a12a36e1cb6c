"use client";
// What every inbox component shares on a page: the API (session or subscriber token), the live
// change log, deletes waiting for their Undo to expire, and where links go.
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";
import { createInboxApi, type InboxApi } from "./api";
import { ChangeLog, LatestCount } from "./cache";
import type { ActionLink } from "./format";
import type { NotificationJson } from "./api";

/** One of a notification's action buttons. */
export type NotificationAction = NotificationJson["actions"][number];

export type InboxContextValue = {
  api: InboxApi;
  changes: ChangeLog;
  /**
   * Ids deleted locally whose DELETE waits for the Undo toast to go (live updates must not bring
   * them back), each with the function that settles it when the page sends it early.
   */
  pendingDeletes: Map<string, () => void>;
  /** The last live unread count, so a count fetched while it arrived does not overwrite it. */
  unreadEvents: LatestCount;
  /** Embedded in a host page through an iframe (subscriber token). */
  embedded: boolean;
  /** Opens the full inbox ("View all"). */
  viewAll: { href: string } | { onClick: () => void };
  /** Follows a notification's action link. */
  follow: (link: ActionLink) => void;
  /** Records that the user followed a notification's action (its click, for engagement figures). */
  interacted: (notificationId: string, actionId?: string) => void;
  /** Besides the window's `herald:action` event: a url-less action told to the host (the embed). */
  onAction?: (notification: NotificationJson, action: NotificationAction) => void;
};

const INBOX_PAGE = { href: "/inbox" };

const InboxContext = createContext<InboxContextValue | null>(null);

export function InboxContextProvider({
  token,
  embedded = false,
  viewAll = INBOX_PAGE,
  follow,
  onAction,
  children,
}: {
  token?: string;
  embedded?: boolean;
  viewAll?: InboxContextValue["viewAll"];
  follow: (link: ActionLink) => void;
  onAction?: InboxContextValue["onAction"];
  children: ReactNode;
}) {
  const api = useMemo(() => createInboxApi(token), [token]);
  const [shared] = useState(() => ({
    changes: new ChangeLog(),
    pendingDeletes: new Map<string, () => void>(),
    unreadEvents: new LatestCount(),
  }));
  const value = useMemo(
    () => ({
      api,
      ...shared,
      embedded,
      viewAll,
      follow,
      // Best effort: a lost click only makes a rate a little lower; it never stops the navigation.
      interacted: (id: string, actionId?: string) => void api.markInteracted(id, actionId).catch(() => {}),
      onAction,
    }),
    [api, shared, embedded, viewAll, follow, onAction],
  );
  return <InboxContext.Provider value={value}>{children}</InboxContext.Provider>;
}

export function useInbox(): InboxContextValue {
  const ctx = useContext(InboxContext);
  if (!ctx) throw new Error("Inbox components need an <InboxRoot>");
  return ctx;
}
