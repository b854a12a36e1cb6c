"use client";
// Everything the bell, the inbox and the banner need on a page: the API, the shared realtime
// connection, the live cache writer and the live alerts.
import { useRouter } from "next/navigation";
import { useCallback, type ReactNode } from "react";
import { RealtimeProvider } from "@/components/realtime/realtime-provider";
import type { ActionLink } from "./format";
import { LiveCache } from "./hooks";
import { InboxContextProvider, type InboxContextValue } from "./inbox-context";
import { LiveAlerts } from "./live-alerts";

export function InboxRoot({
  userKey,
  token,
  embedded = false,
  viewAll,
  follow,
  onAction,
  children,
}: {
  /** The user's id: tabs of one user share one connection. */
  userKey: string;
  /** A subscriber token (embedded inbox); omitted, the session cookie. */
  token?: string;
  embedded?: boolean;
  viewAll?: InboxContextValue["viewAll"];
  /** How to follow an action link; default: in-app navigation, or the browser for another site. */
  follow?: (link: ActionLink) => void;
  /** A url-less action button was clicked (besides the window's `herald:action` event). */
  onAction?: InboxContextValue["onAction"];
  children: ReactNode;
}) {
  const router = useRouter();
  const defaultFollow = useCallback(
    (link: ActionLink) => {
      if (link.external) window.location.assign(link.href);
      else router.push(link.href);
    },
    [router],
  );
  return (
    <InboxContextProvider
      token={token}
      embedded={embedded}
      viewAll={viewAll}
      follow={follow ?? defaultFollow}
      onAction={onAction}
    >
      <RealtimeProvider userKey={userKey} token={token}>
        <LiveCache />
        <LiveAlerts />
        {children}
      </RealtimeProvider>
    </InboxContextProvider>
  );
}
