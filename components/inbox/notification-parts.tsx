"use client";
// The pieces of a notification row that the bell and the inbox share, and their loading placeholder.
import { CircleX, ExternalLink, Info, Settings, Siren, TriangleAlert, type LucideIcon } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/misc";
import { isSafeActionUrl, isSafeImageUrl, MAX_ACTIONS } from "@/lib/vocabulary/actions";
import { safeLink } from "@/lib/vocabulary/links";
import type { NotificationJson } from "./api";
import { dateTime, relativeTime } from "./format";
import { useInbox, type NotificationAction } from "./inbox-context";

const TYPES: Record<string, { icon: LucideIcon; className: string }> = {
  system: {
    icon: Settings,
    className: "bg-slate-100 text-slate-600 dark:bg-slate-800 dark:text-slate-300",
  },
  info: {
    icon: Info,
    className: "bg-blue-100 text-blue-700 dark:bg-blue-950 dark:text-blue-300",
  },
  warning: {
    icon: TriangleAlert,
    className: "bg-amber-100 text-amber-700 dark:bg-amber-950 dark:text-amber-300",
  },
  error: {
    icon: CircleX,
    className: "bg-red-100 text-red-700 dark:bg-red-950 dark:text-red-300",
  },
};

export function TypeIcon({ type, className }: { type: string; className?: string }) {
  const tr = useTranslations("inbox.types");
  const known = type in TYPES ? type : "info";
  const t = TYPES[known]!;
  const label = tr(known as "info");
  const Icon = t.icon;
  return (
    <span
      className={cn("flex size-8 shrink-0 items-center justify-center rounded-full", t.className, className)}
      title={label}
    >
      <Icon aria-hidden className="size-4" />
      <span className="sr-only">{label}</span>
    </span>
  );
}

/** A mark for high and urgent notifications; nothing for the others. */
export function PriorityMark({ priority }: { priority: string }) {
  const t = useTranslations("inbox.priorities");
  if (priority !== "high" && priority !== "urgent") return null;
  const urgent = priority === "urgent";
  return (
    <span
      className={cn(
        "inline-flex shrink-0 items-center gap-0.5 rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase",
        urgent
          ? "bg-red-600 text-white dark:bg-red-500"
          : "bg-orange-100 text-orange-800 dark:bg-orange-950 dark:text-orange-200",
      )}
    >
      {urgent ? <Siren aria-hidden className="size-3" /> : null}
      {urgent ? t("urgent") : t("high")}
    </span>
  );
}

export function UnreadDot({ unread }: { unread: boolean }) {
  const t = useTranslations("inbox");
  return unread ? (
    <span className="size-2 shrink-0 rounded-full bg-brand" title={t("unread")}>
      <span className="sr-only">{t("unread")}</span>
    </span>
  ) : (
    <span aria-hidden className="size-2 shrink-0" />
  );
}

/** "5 minutes ago", kept current; the exact time on hover. */
export function RelativeTime({ iso }: { iso: string }) {
  const t = useTranslations("inbox");
  const locale = useLocale();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <time
      dateTime={iso}
      title={dateTime(iso, locale)}
      className="shrink-0 text-xs text-slate-500 dark:text-slate-400"
    >
      {relativeTime(iso, { now, locale, justNow: t("justNow") })}
    </time>
  );
}

/** Placeholder blocks while a list or form loads, announced as busy under `label`. */
export function LoadingBlocks({ label, heights }: { label: string; heights: string[] }) {
  return (
    <div aria-busy="true" aria-label={label} className="flex flex-col gap-3">
      {heights.map((h, i) => (
        <Skeleton key={i} className={cn(h, "w-full")} />
      ))}
    </div>
  );
}

/** The actor's avatar in place of the type icon, when the sender gave a safe one. */
export function AvatarOrTypeIcon({ n, className }: { n: NotificationJson; className?: string }) {
  const t = useTranslations("inbox.rich");
  if (!n.avatar || !isSafeImageUrl(n.avatar)) return <TypeIcon type={n.type} className={className} />;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- senders' images come from any host
    <img
      src={n.avatar}
      alt={t("avatar")}
      loading="lazy"
      referrerPolicy="no-referrer"
      className={cn("size-8 shrink-0 rounded-full bg-slate-100 object-cover dark:bg-slate-800", className)}
    />
  );
}

/** The notification's image, lazy and at a fixed aspect so the list does not jump as it loads. */
export function NotificationImage({ n, title }: { n: NotificationJson; title: string }) {
  const t = useTranslations("inbox.rich");
  if (!n.image_url || !isSafeImageUrl(n.image_url)) return null;
  return (
    // eslint-disable-next-line @next/next/no-img-element -- senders' images come from any host
    <img
      src={n.image_url}
      alt={t("image", { title })}
      loading="lazy"
      referrerPolicy="no-referrer"
      className="aspect-video w-full max-w-sm rounded-md bg-slate-100 object-cover dark:bg-slate-800"
    />
  );
}

/** The window event a url-less action raises, for the host page to answer. */
export const ACTION_EVENT = "herald:action";
export type ActionEventDetail = { notification: NotificationJson; action: NotificationAction };

/**
 * Up to MAX_ACTIONS buttons. A click is recorded (with its action id) first; then a safe URL is
 * followed (a relative one in this tab, another site in a new tab without an opener), or a url-less
 * action is handed to the host page as a `herald:action` event.
 */
export function ActionButtons({
  n,
  title,
  onClicked,
}: {
  n: NotificationJson;
  title: string;
  onClicked?: (action: NotificationAction) => void;
}) {
  const t = useTranslations("inbox.rich");
  const { interacted, follow, embedded, onAction } = useInbox();
  if (n.actions.length === 0) return null;
  const origin = typeof window === "undefined" ? "http://localhost" : window.location.origin;
  const run = (action: NotificationAction) => {
    interacted(n.id, action.id);
    onClicked?.(action);
    const link = action.url && isSafeActionUrl(action.url, origin) ? safeLink(action.url, origin) : null;
    if (link) {
      if (link.external && !embedded) window.open(link.href, "_blank", "noopener,noreferrer");
      else follow({ href: link.href, external: link.external, text: action.label });
      return;
    }
    if (action.url) return; // an unsafe URL is never followed, nor answered as a url-less action
    window.dispatchEvent(
      new CustomEvent<ActionEventDetail>(ACTION_EVENT, { detail: { notification: n, action } }),
    );
    onAction?.(n, action);
  };
  return (
    <div role="group" aria-label={t("actions", { title })} className="flex flex-wrap gap-2">
      {n.actions.slice(0, MAX_ACTIONS).map((a) => {
        const external = !!a.url && safeLink(a.url, origin)?.external === true;
        return (
          <Button
            key={a.id}
            size="sm"
            variant={a.style === "primary" ? "primary" : "secondary"}
            data-action-id={a.id}
            aria-label={external ? t("newTab", { label: a.label }) : undefined}
            onClick={() => run(a)}
          >
            {a.label}
            {external ? <ExternalLink aria-hidden className="size-3" /> : null}
          </Button>
        );
      })}
    </div>
  );
}
