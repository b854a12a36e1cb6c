"use client";
// Read figures (read / audience) and, when the announcement also went out by email, SMS…, that
// delivery's progress as the API reports it.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { Bar } from "@/components/ui/progress-bar";
import { Skeleton } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import { fanoutStatuses, type FanoutStatus } from "@/lib/vocabulary/enums";
import type { AnnouncementJson, AnnouncementStats } from "./model";

const POLL_MS = 10_000;
const isFanoutStatus = (s: string): s is FanoutStatus => (fanoutStatuses as readonly string[]).includes(s);

type Progress = {
  status: string;
  total?: number;
  by_channel?: Record<string, Record<string, number>>;
} & Record<string, unknown>;
const COUNT_KEYS = ["queued", "sent", "delivered", "failed", "skipped", "cancelled"] as const;

export function ReadFigures({ announcement }: { announcement: AnnouncementJson }) {
  const t = useTranslations("announcements.readers");
  const stats = useQuery({
    queryKey: ["announcement-stats", announcement.id],
    queryFn: () => apiFetch<AnnouncementStats>(`/api/v1/announcements/${announcement.id}/stats`),
    // People read it while the page is open.
    refetchInterval: announcement.is_active ? POLL_MS : false,
  });
  const s = stats.data;
  const rate = s && s.audience > 0 ? Math.round((s.read / s.audience) * 100) : 0;
  const progress = (announcement as { delivery_progress?: Progress }).delivery_progress;
  return (
    <div className="flex flex-col gap-3">
      {!s ? (
        stats.error ? (
          <p role="alert" className="text-sm text-red-600">
            {stats.error.message}
          </p>
        ) : (
          <Skeleton className="h-10" />
        )
      ) : (
        <>
          <p className="text-sm" data-testid="read-figures">
            {t.rich("figures", {
              read: s.read,
              audience: s.audience,
              big: (chunks) => <span className="text-2xl font-semibold tabular-nums">{chunks}</span>,
              muted: (chunks) => <span className="text-slate-500 dark:text-slate-400">{chunks}</span>,
            })}
            <span className="ml-2 text-slate-500 dark:text-slate-400">{t("rate", { rate })}</span>
          </p>
          <Bar
            label={t("barLabel")}
            parts={[
              { value: s.read, className: "bg-green-600" },
              { value: Math.max(0, s.audience - s.read), className: "bg-transparent" },
            ]}
          />
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {t("dismissed", { count: s.dismissed })}
          </p>
        </>
      )}
      {progress && progress.status !== "not_requested" ? (
        <div className="flex flex-col gap-1 border-t border-slate-200 pt-3 text-sm dark:border-slate-700">
          <p className="font-medium">
            {t.rich("channelDelivery", {
              status: isFanoutStatus(progress.status) ? t(`fanout.${progress.status}`) : progress.status,
              normal: (chunks) => <span className="font-normal">{chunks}</span>,
            })}
          </p>
          <dl className="grid grid-cols-3 gap-x-3 gap-y-1 text-xs">
            {COUNT_KEYS.filter((k) => typeof progress[k] === "number").map((k) => (
              <div key={k} className="flex gap-1">
                <dt className="text-slate-500 dark:text-slate-400">{t(`counts.${k}`)}</dt>
                <dd className="tabular-nums">{t("count", { n: progress[k] as number })}</dd>
              </div>
            ))}
          </dl>
        </div>
      ) : null}
    </div>
  );
}
