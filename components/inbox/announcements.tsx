"use client";
// Announcements as a user sees them: a banner for the pinned or critical ones on every page, and
// the full list in the inbox's Announcements tab. Their HTML is the server's sanitised Markdown.
import { useQueryClient } from "@tanstack/react-query";
import { Megaphone, Pin, TriangleAlert, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge, EmptyState, ErrorState } from "@/components/ui/misc";
import type { ActiveAnnouncements, UserAnnouncementJson } from "./api";
import { applyAnnouncement, inboxKeys } from "./cache";
import { toastFailed, useAnnouncements } from "./hooks";
import { useInbox } from "./inbox-context";
import { LoadingBlocks, RelativeTime, UnreadDot } from "./notification-parts";

function useAnnouncementAction() {
  const qc = useQueryClient();
  const { api } = useInbox();
  const t = useTranslations("inbox.announcements");
  return async (a: UserAnnouncementJson, action: "read" | "dismiss") => {
    const before = qc.getQueryData<ActiveAnnouncements>(inboxKeys.announcements);
    qc.setQueryData<ActiveAnnouncements>(inboxKeys.announcements, (d) =>
      action === "dismiss"
        ? applyAnnouncement(d, { kind: "remove", id: a.id })
        : d && {
            announcements: d.announcements.map((x) =>
              x.id === a.id ? { ...x, is_read: true, read_at: x.read_at ?? new Date().toISOString() } : x,
            ),
            unread: d.announcements.filter((x) => !x.is_read && x.id !== a.id).length,
          },
    );
    try {
      const { unread_count } = await api.markAnnouncement(a.id, action);
      qc.setQueryData(inboxKeys.unread, unread_count);
    } catch (err) {
      qc.setQueryData(inboxKeys.announcements, before);
      toastFailed(action === "dismiss" ? t("failedDismiss") : t("failedRead"), err);
    }
  };
}

const severityStyle: Record<string, string> = {
  info: "border-indigo-200 bg-indigo-50 text-indigo-950 dark:border-indigo-900 dark:bg-indigo-950/60 dark:text-indigo-100",
  warning:
    "border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100",
  critical: "border-red-300 bg-red-50 text-red-950 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100",
};

/** Announcement HTML: Markdown the server rendered and sanitised (lib/announcements/render.ts). */
function AnnouncementBody({ a, className }: { a: UserAnnouncementJson; className?: string }) {
  return (
    <div
      className={cn(
        "min-w-0 text-sm break-words [&_a]:underline [&_code]:font-mono [&_li]:ml-5 [&_ol]:list-decimal [&_ul]:list-disc",
        className,
      )}
      dangerouslySetInnerHTML={{ __html: a.content_html }}
    />
  );
}

/** Pinned or critical announcements, each dismissible, above the page's content. */
export function AnnouncementBanner() {
  const { data } = useAnnouncements();
  const act = useAnnouncementAction();
  const t = useTranslations("inbox.announcements");
  const shown = data?.announcements.filter((a) => a.pinned || a.severity === "critical") ?? [];
  if (shown.length === 0) return null;
  return (
    <section
      aria-label={t("label")}
      className="mx-auto flex w-full max-w-5xl flex-col gap-2 px-4 pt-3 sm:px-6"
    >
      {shown.map((a) => (
        <div
          key={a.id}
          role={a.severity === "critical" ? "alert" : "status"}
          data-announcement-id={a.id}
          className={cn("flex items-start gap-3 rounded-lg border px-4 py-3", severityStyle[a.severity])}
        >
          {a.severity === "info" ? (
            <Megaphone aria-hidden className="mt-0.5 size-5 shrink-0" />
          ) : (
            <TriangleAlert aria-hidden className="mt-0.5 size-5 shrink-0" />
          )}
          <div className="min-w-0 flex-1">
            <p className="font-semibold break-words">{a.title}</p>
            <AnnouncementBody a={a} className="line-clamp-3" />
          </div>
          <button
            type="button"
            onClick={() => void act(a, "dismiss")}
            aria-label={t("dismissLabel", { title: a.title })}
            className={cn("shrink-0 rounded p-1 hover:bg-black/5 dark:hover:bg-white/10", focusRing)}
          >
            <X aria-hidden className="size-4" />
          </button>
        </div>
      ))}
    </section>
  );
}

/** Every active announcement of the user's, with its read state. */
export function AnnouncementsList() {
  const q = useAnnouncements();
  const act = useAnnouncementAction();
  const t = useTranslations("inbox.announcements");
  if (q.isPending) return <LoadingBlocks label={t("loading")} heights={["h-24", "h-24"]} />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.announcements.length === 0) return <EmptyState title={t("empty")}>{t("emptyHint")}</EmptyState>;
  return (
    <ul aria-label={t("label")} className="flex flex-col gap-2">
      {q.data.announcements.map((a) => (
        <li
          key={a.id}
          data-announcement-id={a.id}
          className={cn(
            "flex flex-col gap-2 rounded-lg border p-4",
            a.is_read
              ? "border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-900/50"
              : "border-indigo-200 bg-white dark:border-indigo-900 dark:bg-slate-900",
          )}
        >
          <div className="flex flex-wrap items-center gap-2">
            <UnreadDot unread={!a.is_read} />
            <h3 className={cn("text-sm break-words", a.is_read ? "font-medium" : "font-semibold")}>
              {a.title}
            </h3>
            {a.pinned ? (
              <Badge tone="indigo">
                <Pin aria-hidden className="mr-1 size-3" />
                {t("pinned")}
              </Badge>
            ) : null}
            {a.severity !== "info" ? (
              <Badge tone={a.severity === "critical" ? "red" : "amber"}>
                {a.severity === "critical" ? t("critical") : t("warning")}
              </Badge>
            ) : null}
            <span className="ml-auto">
              <RelativeTime iso={a.published_at} />
            </span>
          </div>
          <AnnouncementBody a={a} className="text-slate-700 dark:text-slate-300" />
          <div className="flex gap-2">
            {!a.is_read ? (
              <Button size="sm" variant="ghost" onClick={() => void act(a, "read")}>
                {t("markRead")}
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" onClick={() => void act(a, "dismiss")}>
              {t("dismiss")}
            </Button>
          </div>
        </li>
      ))}
    </ul>
  );
}
