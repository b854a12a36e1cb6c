"use client";
// The bell: a live unread badge and a dropdown of the latest notifications.
import { Bell, CheckCheck } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { useRealtime } from "@/components/realtime/realtime-provider";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import type { NotificationJson } from "./api";
import { useQueryClient } from "@tanstack/react-query";
import { allRows, inboxKeys, type ListData } from "./cache";
import { actionOf, badgeText, shownText } from "./format";
import { useBadgeMode, useInboxActions, useNotificationList, useUnreadCount } from "./hooks";
import { useInbox } from "./inbox-context";
import { ConnectionStatus } from "./live-alerts";
import { ActionButtons, AvatarOrTypeIcon, PriorityMark, RelativeTime, UnreadDot } from "./notification-parts";

const LATEST = 10;
const NO_FILTERS = {};
const viewAllClass = cn(
  "block rounded px-2 py-1.5 text-sm font-medium text-brand hover:bg-slate-100 dark:text-indigo-300 dark:hover:bg-slate-800",
  focusRing,
);

export function NotificationBell({
  align = "right",
  onOpenChange,
}: {
  align?: "left" | "right";
  /** The embed script resizes its iframe with the dropdown. */
  onOpenChange?: (open: boolean) => void;
}) {
  const t = useTranslations("inbox.bell");
  const [open, setOpenState] = useState(false);
  const unread = useUnreadCount();
  const count = unread.data ?? 0;
  const badge = badgeText(count);
  const mode = useBadgeMode();
  const qc = useQueryClient();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const { connection } = useRealtime();

  const { markAllSeen } = useInboxActions();
  const setOpen = (next: boolean, refocus = false) => {
    if (next && !open) {
      const cached = qc.getQueryData<ListData>(inboxKeys.list(NO_FILTERS));
      void markAllSeen(cached ? allRows(cached).slice(0, LATEST) : undefined);
    }
    setOpenState(next);
    onOpenChange?.(next);
    if (!next && refocus) button.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) {
        setOpenState(false);
        onOpenChange?.(false);
      }
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open, onOpenChange]);

  return (
    // data-realtime: the shared connection's state, for tests and styling.
    <div ref={root} className="relative" data-realtime={connection ?? "pending"}>
      <button
        ref={button}
        type="button"
        aria-label={
          count === 0
            ? t("label")
            : mode === "unseen"
              ? t("labelUnseen", { count })
              : t("labelUnread", { count })
        }
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen(!open)}
        className={cn(
          "relative inline-flex size-9 items-center justify-center rounded-full text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800",
          focusRing,
        )}
      >
        <Bell aria-hidden className="size-5" />
        {badge ? (
          <span
            data-testid="unread-badge"
            aria-hidden
            className="absolute -top-0.5 -right-0.5 min-w-[1.125rem] rounded-full bg-red-600 px-1 text-center text-[11px] leading-[1.125rem] font-semibold text-white ring-2 ring-white dark:ring-slate-900"
          >
            {badge}
          </span>
        ) : null}
      </button>
      {open ? (
        <BellPanel id={panelId} align={align} unread={count} onClose={(refocus) => setOpen(false, refocus)} />
      ) : null}
    </div>
  );
}

function BellPanel({
  id,
  align,
  unread,
  onClose,
}: {
  id: string;
  align: "left" | "right";
  unread: number;
  onClose: (refocus: boolean) => void;
}) {
  const t = useTranslations("inbox.bell");
  const list = useNotificationList(NO_FILTERS);
  const { setRead, markAllRead } = useInboxActions();
  const { follow, viewAll, interacted } = useInbox();
  const panel = useRef<HTMLDivElement>(null);
  const items = allRows(list.data).slice(0, LATEST);
  const hasUnreadNotifications = items.some((n) => !n.read_at) || unread > 0;

  // The list may arrive after the panel opens (the inbox page lists groups, not this list): focus
  // then moves to its first row, unless the user has moved it meanwhile.
  useEffect(() => {
    const fallback = panel.current?.querySelector<HTMLElement>("[data-bell-focus]");
    const active = document.activeElement;
    if (panel.current?.contains(active) && active !== fallback) return;
    (panel.current?.querySelector<HTMLElement>("[data-bell-item]") ?? fallback)?.focus();
  }, [list.isPending]);

  const open = (n: NotificationJson) => {
    if (!n.read_at) void setRead([n], true);
    const link = actionOf(n, window.location.origin, t("open"));
    if (link) {
      interacted(n.id);
      onClose(false);
      follow(link);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      onClose(true);
      return;
    }
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const rows = [...(panel.current?.querySelectorAll<HTMLElement>("[data-bell-item]") ?? [])];
    if (rows.length === 0) return;
    e.preventDefault();
    const at = rows.indexOf(document.activeElement as HTMLElement);
    const next = e.key === "ArrowDown" ? (at + 1) % rows.length : (at - 1 + rows.length) % rows.length;
    rows[at === -1 ? 0 : next]?.focus();
  };

  return (
    <div
      ref={panel}
      id={id}
      role="dialog"
      aria-label={t("label")}
      onKeyDown={onKeyDown}
      className={cn(
        "z-50 mt-2 flex max-h-[min(32rem,calc(100dvh-5rem))] flex-col overflow-hidden rounded-lg border border-slate-200 bg-white text-slate-900 shadow-xl dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100",
        // On a phone the panel spans the screen under the header; wider, it hangs from the bell.
        "max-sm:fixed max-sm:inset-x-2 max-sm:top-14 sm:absolute sm:w-96",
        align === "right" ? "sm:right-0" : "sm:left-0",
      )}
    >
      <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5 dark:border-slate-700">
        <h2 className="text-sm font-semibold">{t("label")}</h2>
        <button
          type="button"
          data-bell-focus
          disabled={!hasUnreadNotifications}
          onClick={() => void markAllRead()}
          className={cn(
            "inline-flex items-center gap-1 rounded px-1.5 py-1 text-xs font-medium text-brand hover:bg-slate-100 disabled:cursor-default disabled:text-slate-400 disabled:hover:bg-transparent dark:text-indigo-300 dark:hover:bg-slate-800",
            focusRing,
          )}
        >
          <CheckCheck aria-hidden className="size-3.5" />
          {t("markAllRead")}
        </button>
      </div>
      <ConnectionStatus className="px-4 empty:hidden [&:not(:empty)]:py-1.5" />
      <div className="min-h-0 flex-1 overflow-y-auto">
        {list.isPending ? (
          <p className="px-4 py-8 text-center text-sm text-slate-500">{t("loading")}</p>
        ) : list.isError ? (
          <div role="alert" className="px-4 py-8 text-center text-sm">
            <p className="text-red-700 dark:text-red-300">{t("loadFailed")}</p>
            <button type="button" onClick={() => void list.refetch()} className="mt-1 text-brand underline">
              {t("tryAgain")}
            </button>
          </div>
        ) : items.length === 0 ? (
          <p className="px-4 py-10 text-center text-sm text-slate-500 dark:text-slate-400">{t("caughtUp")}</p>
        ) : (
          <ul aria-label={t("latest")} className="divide-y divide-slate-100 dark:divide-slate-800">
            {items.map((n) => (
              <li key={n.id}>
                <button
                  type="button"
                  data-bell-item
                  onClick={() => open(n)}
                  className={cn(
                    "flex w-full items-start gap-3 px-4 py-3 text-left hover:bg-slate-50 focus-visible:bg-slate-50 dark:hover:bg-slate-800/60 dark:focus-visible:bg-slate-800/60",
                    "focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand",
                    !n.read_at && "bg-indigo-50/50 dark:bg-indigo-950/20",
                  )}
                >
                  <AvatarOrTypeIcon n={n} />
                  <span className="min-w-0 flex-1">
                    <span className="flex items-center gap-2">
                      <span className={cn("truncate text-sm", n.read_at ? "font-normal" : "font-semibold")}>
                        {shownText(n).title}
                      </span>
                      <PriorityMark priority={n.priority} />
                    </span>
                    <span className="mt-0.5 line-clamp-2 text-sm break-words text-slate-600 dark:text-slate-300">
                      {shownText(n).content}
                    </span>
                    <RelativeTime iso={n.created_at} />
                  </span>
                  <span className="pt-1.5">
                    <UnreadDot unread={!n.read_at} />
                  </span>
                </button>
                {/* Beside the row's button, not in it: a button cannot hold buttons. */}
                {n.actions.length > 0 ? (
                  <div className="px-4 pb-3 pl-15">
                    <ActionButtons
                      n={n}
                      title={shownText(n).title}
                      onClicked={(a) => {
                        if (!n.read_at) void setRead([n], true);
                        if (a.url) onClose(false);
                      }}
                    />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="border-t border-slate-200 p-2 text-center dark:border-slate-700">
        {"href" in viewAll ? (
          <Link href={viewAll.href} onClick={() => onClose(false)} className={viewAllClass}>
            {t("viewAll")}
          </Link>
        ) : (
          <button
            type="button"
            onClick={() => {
              onClose(false);
              viewAll.onClick();
            }}
            className={cn(viewAllClass, "w-full")}
          >
            {t("viewAll")}
          </button>
        )}
      </div>
    </div>
  );
}
