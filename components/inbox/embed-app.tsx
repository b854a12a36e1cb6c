"use client";
// The embedded inbox (/embed/inbox?token=…): the bell or the full inbox inside a host app's iframe.
// It talks to public/herald-embed.js by postMessage: its size, the unread count, links to follow,
// and a fresh token from the host.
import { useQueryClient } from "@tanstack/react-query";
import { ArrowLeft } from "lucide-react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useMemo, useState } from "react";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { NotificationBell } from "./bell";
import { inboxKeys } from "./cache";
import type { ActionLink } from "./format";
import { useUnreadCount } from "./hooks";
import type { NotificationJson } from "./api";
import type { NotificationAction } from "./inbox-context";
import { InboxRoot } from "./inbox-root";
import { InboxView } from "./inbox-view";

type View = "bell" | "inbox";

export type EmbedMessage =
  | { type: "herald:resize"; view: View; open: boolean }
  | { type: "herald:unread"; count: number }
  | { type: "herald:navigate"; url: string; external: boolean }
  | { type: "herald:action"; notification: NotificationJson; action: NotificationAction }
  | { type: "herald:error"; message: string };

const framed = () => typeof window !== "undefined" && window.parent !== window;

function post(message: EmbedMessage): void {
  // The host's origin is not known here; nothing in these messages is secret from the page that
  // holds the token anyway.
  if (framed()) window.parent.postMessage(message, "*");
}

export function EmbedApp({
  token: initialToken,
  userKey,
  initialView,
}: {
  token: string;
  userKey: string;
  initialView: View;
}) {
  const t = useTranslations("embed");
  const [token, setToken] = useState(initialToken);
  const [view, setView] = useState<View>(initialView);
  const fromBell = initialView === "bell";

  useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window.parent) return;
      const m = e.data as { type?: string; token?: unknown };
      if (m?.type === "herald:token" && typeof m.token === "string" && m.token) setToken(m.token);
      // A click in the host page: close the dropdown as a click outside it would.
      if (m?.type === "herald:close")
        document.body.dispatchEvent(new PointerEvent("pointerdown", { bubbles: true }));
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, []);

  const follow = useCallback((link: ActionLink) => {
    if (framed()) post({ type: "herald:navigate", url: link.href, external: link.external });
    else if (link.external) window.open(link.href, "_blank", "noopener,noreferrer");
    else window.location.assign(link.href);
  }, []);
  // A url-less action button: the host page answers it (HeraldEmbed's onAction / "herald:action").
  const onAction = useCallback(
    (notification: NotificationJson, action: NotificationAction) =>
      post({ type: "herald:action", notification, action }),
    [],
  );
  const viewAll = useMemo(
    () => ({
      onClick: () => {
        setView("inbox");
        post({ type: "herald:resize", view: "inbox", open: true });
      },
    }),
    [],
  );

  return (
    <InboxRoot userKey={userKey} token={token} embedded follow={follow} onAction={onAction} viewAll={viewAll}>
      <UnreadToHost />
      {view === "bell" ? (
        <div className="flex justify-end p-1">
          {/* The host page shows through around the bell. */}
          <style>{"html,body{background:transparent!important;min-height:0!important}"}</style>
          <NotificationBell onOpenChange={(open) => post({ type: "herald:resize", view: "bell", open })} />
        </div>
      ) : (
        <main className="flex flex-col gap-3 p-3 sm:p-4">
          <div className="flex items-center gap-2">
            {fromBell ? (
              <button
                type="button"
                onClick={() => {
                  setView("bell");
                  post({ type: "herald:resize", view: "bell", open: false });
                }}
                className={cn("rounded p-1 hover:bg-slate-100 dark:hover:bg-slate-800", focusRing)}
                aria-label={t("back")}
              >
                <ArrowLeft aria-hidden className="size-4" />
              </button>
            ) : null}
            <h1 className="text-lg font-semibold">{t("title")}</h1>
          </div>
          <InboxView />
        </main>
      )}
    </InboxRoot>
  );
}

/** Lets the host show the count elsewhere (a tab title, its own badge). */
function UnreadToHost() {
  const { data } = useUnreadCount();
  const qc = useQueryClient();
  useEffect(() => {
    if (data !== undefined) post({ type: "herald:unread", count: data });
  }, [data]);
  // Socket events keep the count; drop it when the component goes (a new token = a new user cache).
  useEffect(() => () => qc.removeQueries({ queryKey: inboxKeys.all }), [qc]);
  return null;
}

/** The refusal, also told to the host page so its script can say why nothing shows. */
export function EmbedRefused({ message }: { message: string }) {
  useEffect(() => post({ type: "herald:error", message }), [message]);
  return null;
}
