"use client";
// Announcements by status (a tab each, with its count), newest first, a page at a time.
import { useQuery } from "@tanstack/react-query";
import { Pin } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { Tabs } from "@/components/ui/tabs";
import { apiFetch } from "@/lib/http/api-client";
import { announcementStatuses } from "@/lib/vocabulary/enums";
import {
  describeAudience,
  formatTime,
  severityTone,
  statusLabel,
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
  const stats = useQuery({
    queryKey: ["announcement-stats", id],
    queryFn: () => apiFetch<AnnouncementStats>(`/api/v1/announcements/${id}/stats`),
    staleTime: 30_000,
  });
  if (!stats.data) return <Skeleton className="h-4 w-12" />;
  return (
    <span title={`${stats.data.dismissed} dismissed`}>
      {stats.data.read.toLocaleString("en")} / {stats.data.audience.toLocaleString("en")}
    </span>
  );
}

export function AnnouncementList() {
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
    return n === undefined ? text : `${text} (${n})`;
  };
  const data = list.data;

  return (
    <div className="flex flex-col gap-4">
      <Tabs<Filter>
        label="Status"
        value={filter}
        onChange={(f) => {
          setFilter(f);
          setPageNo(1);
        }}
        items={[
          { value: "all", label: "All" },
          { value: "draft", label: label("draft", "Drafts") },
          { value: "scheduled", label: label("scheduled", "Scheduled") },
          { value: "published", label: label("published", "Published") },
          { value: "archived", label: label("archived", "Archived") },
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
        <EmptyState title={filter === "all" ? "No announcements yet" : `No ${filter} announcements`}>
          <Link href="/admin/announcements/new" className="text-brand underline">
            Write one
          </Link>
        </EmptyState>
      ) : (
        <>
          <Table>
            <thead>
              <tr>
                <Th>Title</Th>
                <Th>Status</Th>
                <Th className="hidden md:table-cell">Audience</Th>
                <Th>Publish</Th>
                <Th className="hidden md:table-cell">Expires</Th>
                <Th>Read</Th>
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
                      {a.pinned ? <Pin aria-label="Pinned" className="size-3.5 text-brand" /> : null}
                      {a.title}
                    </Link>
                    <div className="mt-0.5 flex gap-1">
                      <Badge tone={severityTone[a.severity]}>{a.severity}</Badge>
                      <Badge>{a.type}</Badge>
                    </div>
                  </Td>
                  <Td>
                    <Badge tone={a.status === "published" && !a.is_active ? "slate" : statusTone[a.status]}>
                      {statusLabel(a)}
                    </Badge>
                  </Td>
                  <Td className="hidden md:table-cell">{describeAudience(a.audience)}</Td>
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
              Page {data.page} of {Math.max(1, data.total_pages)} · {data.total} in all
            </span>
            <div className="flex gap-2">
              <Button size="sm" disabled={pageNo <= 1} onClick={() => setPageNo((n) => n - 1)}>
                Previous
              </Button>
              <Button size="sm" disabled={pageNo >= data.total_pages} onClick={() => setPageNo((n) => n + 1)}>
                Next
              </Button>
            </div>
          </div>
        </>
      )}
    </div>
  );
}
