"use client";
// What a new notification raises besides the list and the badge: a line for screen readers, a toast
// when urgent, and (opted in, tab hidden) a system notification with a chime. Nothing for catch-up
// after a reconnect, nothing for `silent` ones (muted or quiet hours).
import { RefreshCw, WifiOff } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import { useRealtime, useRealtimeEvents } from "@/components/realtime/realtime-provider";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { NotificationJson } from "./api";
import { showDesktopAlert } from "./desktop-alerts";
import { actionOf, shownText } from "./format";
import { useInbox } from "./inbox-context";

/** Older than this when it arrives: catch-up, not news (e.g. after a checkpoint sync). */
const NEWS_MS = 5 * 60_000;

export function LiveAlerts() {
  const realtime = useRealtime();
  const { pendingDeletes, follow, interacted } = useInbox();
  const [message, setMessage] = useState("");
  const t = useTranslations("inbox.live");

  useRealtimeEvents((e) => {
    if (e.type !== "notification:new") return;
    const n = e.notification as NotificationJson & { silent?: boolean };
    if (realtime.isCatchingUp() || pendingDeletes.has(n.id)) return;
    const text = shownText(n);
    if (Date.now() - Date.parse(n.created_at) > NEWS_MS) return;
    // Alternating a trailing space makes the same words announced twice in a row.
    setMessage((m) => `${t("announce", { title: text.title })}${m.endsWith(" ") ? "" : " "}`);
    if (n.silent) return;
    const link = actionOf(n, window.location.origin, t("open"));
    const open = link
      ? () => {
          interacted(n.id);
          follow(link);
        }
      : undefined;
    if (n.priority === "urgent")
      toast.warning(text.title, {
        description: text.content.length > 200 ? `${text.content.slice(0, 200)}…` : text.content,
        duration: 10_000,
        action: link && open ? { label: link.text, onClick: open } : undefined,
      });
    // One system notification per browser: the tab holding the connection shows it.
    if (realtime.leader && document.hidden) showDesktopAlert(n, open);
  });

  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only">
      {message}
    </div>
  );
}

/** "Reconnecting…" while the shared socket is down; "Reconnect" after another session took its place. */
export function ConnectionStatus({ className }: { className?: string }) {
  const { connection, replaced, reconnect } = useRealtime();
  const t = useTranslations("inbox.live");
  if (replaced)
    return (
      <div role="status" className={className}>
        <span className="inline-flex items-center gap-1.5 text-xs text-amber-700 dark:text-amber-300">
          <WifiOff aria-hidden className="size-3.5" />
          {t("paused")}
          <button type="button" onClick={reconnect} className={cn("font-medium underline", focusRing)}>
            {t("reconnect")}
          </button>
        </span>
      </div>
    );
  return (
    <div role="status" className={className} data-realtime={connection ?? "pending"}>
      {connection === "disconnected" ? (
        <span className="inline-flex items-center gap-1.5 text-xs text-amber-700 dark:text-amber-300">
          <RefreshCw aria-hidden className="size-3.5 animate-spin" />
          {t("reconnecting")}
        </span>
      ) : null}
    </div>
  );
}
