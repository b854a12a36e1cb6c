"use client";
// The pieces of a notification row that the bell and the inbox share, and their loading placeholder.
import { CircleX, Info, Settings, Siren, TriangleAlert, type LucideIcon } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useEffect, useState } from "react";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/misc";
import { dateTime, relativeTime } from "./format";

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
