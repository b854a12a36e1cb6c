"use client";
// Announcements by status (a tab each, with its count), newest first, a page at a time.
import { useQuery } from "@tanstack/react-query";
import { Pin } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { Tabs } from "@/components/ui/tabs";
import { apiFetch } from "@/lib/http/api-client";
import { announcementStatuses } from "@/lib/vocabulary/enums";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { useAnnouncementLabels } from "./labels";
import {
  severityTone,
  statusTone,
  type AnnouncementPage,
  type AnnouncementStats,
  type Status,
} from "./model";

const PAGE_SIZE = 20;
const STATUSES: readonly Status[] = announcementStatuses;
type Filter = Status | "all";

const page = (status: Filter, n: number, size = PAGE_SIZE) =>
  apiFetch<AnnouncementPage>("/api/v1/announcements", {
    query: { status: status === "all" ? undefined : status, page: n, page_size: size },
  });

/** "read / audience" for one row (drafts and scheduled ones have no readers yet). */
function ReadCell({ id }: { id: string }) {
  const t = useTranslations("announcements.list");
  const stats = useQuery({
    queryKey: ["announcement-stats", id],
    queryFn: () => apiFetch<AnnouncementStats>(`/api/v1/announcements/${id}/stats`),
    staleTime: 30_000,
  });
  if (!stats.data) return <Skeleton className="h-4 w-12" />;
  return (
    <span title={t("dismissed", { count: stats.data.dismissed })}>
      {t("readOfAudience", { read: stats.data.read, audience: stats.data.audience })}
    </span>
  );
}

export function AnnouncementList() {
  const t = useTranslations("announcements");
  const labels = useAnnouncementLabels();
  const formatTime = useFormatTime();
  const [filter, setFilter] = useState<Filter>("all");
  const [pageNo, setPageNo] = useState(1);
  const counts = useQuery({
    queryKey: ["announcements", "counts"],
    queryFn: async () => {
      const totals = await Promise.all(STATUSES.map((s) => page(s, 1, 1).then((p) => [s, p.total] as const)));
      return Object.fromEntries(totals) as Record<Status, number>;
    },
  });
  const list = useQuery({
    queryKey: ["announcements", "list", filter, pageNo],
    queryFn: () => page(filter, pageNo),
    placeholderData: (prev) => prev,
  });
  const label = (s: Filter, text: string) => {
    const n = s === "all" ? undefined : counts.data?.[s];
    return n === undefined ? text : t("list.tabCount", { label: text, count: n });
  };
  const data = list.data;

  return (
    <div className="flex flex-col gap-4">
      <Tabs<Filter>
        label={t("list.statusTabs")}
        value={filter}
        onChange={(f) => {
          setFilter(f);
          setPageNo(1);
        }}
        items={[
          { value: "all", label: t("list.tabs.all") },
          { value: "draft", label: label("draft", t("list.tabs.draft")) },
          { value: "scheduled", label: label("scheduled", t("list.tabs.scheduled")) },
          { value: "published", label: label("published", t("list.tabs.published")) },
          { value: "archived", label: label("archived", t("list.tabs.archived")) },
        ]}
      />
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : !data ? (
        <div className="flex flex-col gap-2">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-10" />
          ))}
        </div>
      ) : data.announcements.length === 0 ? (
        <EmptyState title={filter === "all" ? t("list.emptyAll") : t(`list.empty.${filter}`)}>
          <Link href="/admin/announcements/new" className="text-brand underline">
            {t("list.writeOne")}
          </Link>
        </EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>{t("list.columns.title")}</Th>
                <Th>{t("list.columns.status")}</Th>
                <Th className="hidden md:table-cell">{t("list.columns.audience")}</Th>
                <Th>{t("list.columns.publish")}</Th>
                <Th className="hidden md:table-cell">{t("list.columns.expires")}</Th>
                <Th>{t("list.columns.read")}</Th>
              </tr>
            </thead>
            <tbody>
              {data.announcements.map((a) => (
                <tr key={a.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                  <Td>
                    <Link
                      href={`/admin/announcements/${a.id}`}
                      className={cn(
                        "inline-flex items-center gap-1.5 font-medium hover:underline",
                        focusRing,
                      )}
                    >
                      {a.pinned ? (
                        <Pin aria-label={t("list.pinned")} className="size-3.5 text-brand" />
                      ) : null}
                      {a.title}
                    </Link>
                    <div className="mt-0.5 flex gap-1">
                      <Badge tone={severityTone[a.severity]}>{t(`severity.${a.severity}`)}</Badge>
                      <Badge>{t(`type.${a.type}`)}</Badge>
                    </div>
                  </Td>
                  <Td>
                    <Badge tone={a.status === "published" && !a.is_active ? "slate" : statusTone[a.status]}>
                      {labels.status(a)}
                    </Badge>
                  </Td>
                  <Td className="hidden md:table-cell">{labels.audience(a.audience)}</Td>
                  <Td className="whitespace-nowrap">{formatTime(a.published_at ?? a.publish_at)}</Td>
                  <Td className="hidden whitespace-nowrap md:table-cell">{formatTime(a.expires_at)}</Td>
                  <Td className="whitespace-nowrap tabular-nums">
                    {a.status === "draft" || a.status === "scheduled" ? "—" : <ReadCell id={a.id} />}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <div className="flex items-center justify-between text-sm">
            <span className="text-slate-600 dark:text-slate-300">
              {t("list.pageOf", { page: data.page, pages: Math.max(1, data.total_pages), total: data.total })}
            </span>
            <div className="flex gap-2">
              <Button size="sm" disabled={pageNo <= 1} onClick={() => setPageNo((n) => n - 1)}>
                {t("list.previous")}
              </Button>
              <Button size="sm" disabled={pageNo >= data.total_pages} onClick={() => setPageNo((n) => n + 1)}>
                {t("list.next")}
              </Button>
            </div>
          </div>
        </>
      )}
    </div>
  );
}
