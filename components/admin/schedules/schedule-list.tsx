"use client";
// The schedules list: status filter, the next fire times shown in a chosen time zone, pause or
// resume and delete from the row.
import { ListHeader } from "@/components/admin/shared/page-parts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Pause, Play, Trash2 } from "lucide-react";
import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Badge } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import { isTimeZone } from "@/lib/http/validation";
import { scheduleStatuses } from "@/lib/vocabulary/schedules";
import { FilterSelect } from "@/components/admin/shared/filter-fields";
import { statusTone } from "@/components/admin/shared/format";
import { PagedTable } from "@/components/admin/shared/paged-table";
import {
  describeRepeat,
  SCHEDULES_API,
  schedulePath,
  type SchedulePage,
  type ScheduleSummary,
} from "./model";
import { browserZone, formatIn, ZoneField } from "./zone-field";

const PAGE_SIZE = 20;
export const SCHEDULES_KEY = ["admin", "schedules"] as const;
const col = createColumnHelper<ScheduleSummary>();

/** Pause or resume a schedule; the lists and the schedule's page read it again. */
export function useStatusChange() {
  const t = useTranslations("schedules");
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: { id: string; status: string }) =>
      apiFetch<ScheduleSummary>(`${schedulePath(s.id)}/${s.status === "active" ? "pause" : "resume"}`, {
        method: "POST",
      }),
    onSuccess: (s) => {
      toast.success(s.status === "paused" ? t("list.paused") : t("list.resumed"));
      void qc.invalidateQueries({ queryKey: SCHEDULES_KEY });
    },
    onError: (err) => toast.error(err instanceof Error ? err.message : t("list.notChanged")),
  });
}

export function NextFires({
  schedule,
  zone,
  max = 3,
}: {
  schedule: ScheduleSummary;
  zone: string;
  max?: number;
}) {
  const t = useTranslations("schedules.next");
  const locale = useLocale();
  if (schedule.status !== "active") return <span className="text-slate-500">{t("paused")}</span>;
  if (schedule.next_fires.length === 0) return <span className="text-slate-500">{t("none")}</span>;
  return (
    <ul className="flex flex-col gap-0.5 text-sm">
      {schedule.next_fires.slice(0, max).map((f) => (
        <li key={`${f.at}-${f.zone}`}>
          <time dateTime={f.at}>{formatIn(f.at, zone, locale)}</time>{" "}
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {t("recipientsIn", { count: f.recipients, zone: f.zone, time: f.local_time.slice(11) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ScheduleList() {
  const t = useTranslations("schedules");
  const repeatWords = useTranslations("schedules.repeat");
  const router = useRouter();
  const qc = useQueryClient();
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const [zoneText, setZoneText] = useState(browserZone);
  const [deleting, setDeleting] = useState<ScheduleSummary | null>(null);
  const zone = isTimeZone(zoneText) ? zoneText : "UTC";
  const query = useQuery({
    queryKey: [...SCHEDULES_KEY, { status, page, zone }],
    queryFn: () =>
      apiFetch<SchedulePage>(SCHEDULES_API, {
        query: { status: status || undefined, page, page_size: PAGE_SIZE, timezone: zone },
      }),
    placeholderData: keepPreviousData,
  });
  const toggle = useStatusChange();
  const remove = useMutation({
    mutationFn: (s: ScheduleSummary) => apiFetch<null>(schedulePath(s.id), { method: "DELETE" }),
    onSuccess: (_, s) => {
      toast.success(t("list.deleted", { name: s.name }));
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: SCHEDULES_KEY });
    },
    onError: (err) => toast.error(err instanceof Error ? err.message : t("list.deleteFailed")),
  });

  const columns = useMemo(
    () => [
      col.accessor("name", {
        header: t("list.columns.schedule"),
        cell: (c) => (
          <>
            <Link
              href={`/admin/schedules/${c.row.original.id}`}
              onClick={(e) => e.stopPropagation()}
              className={cn("font-medium text-brand hover:underline dark:text-indigo-300", focusRing)}
            >
              {c.getValue()}
            </Link>
            <div className="font-mono text-xs text-slate-500 dark:text-slate-400">
              {c.row.original.workflow}
            </div>
          </>
        ),
      }),
      col.accessor("repeat", {
        header: t("list.columns.repeats"),
        cell: (c) => (
          <>
            <div className="text-sm">{describeRepeat(c.getValue(), repeatWords)}</div>
            <div className="text-xs text-slate-500 dark:text-slate-400">
              {t("list.recipients", { count: c.row.original.recipient_count })}
            </div>
          </>
        ),
      }),
      col.accessor("status", {
        header: t("list.columns.status"),
        cell: (c) => <Badge tone={statusTone(c.getValue())}>{t(`status.${c.getValue()}`)}</Badge>,
      }),
      col.display({
        id: "next",
        header: t("list.columns.next", { zone }),
        cell: (c) => <NextFires schedule={c.row.original} zone={zone} />,
      }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">{t("list.columns.actions")}</span>,
        cell: (c) => {
          const s = c.row.original;
          const active = s.status === "active";
          return (
            <div className="flex gap-1">
              <Button
                size="sm"
                variant="ghost"
                aria-label={
                  active ? t("list.pauseName", { name: s.name }) : t("list.resumeName", { name: s.name })
                }
                disabled={toggle.isPending}
                onClick={(e) => {
                  e.stopPropagation();
                  toggle.mutate(s);
                }}
              >
                {active ? <Pause className="size-4" aria-hidden /> : <Play className="size-4" aria-hidden />}
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={t("list.deleteName", { name: s.name })}
                onClick={(e) => {
                  e.stopPropagation();
                  setDeleting(s);
                }}
              >
                <Trash2 className="size-4" aria-hidden />
              </Button>
            </div>
          );
        },
      }),
    ],
    [zone, toggle, t, repeatWords],
  );

  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 sm:px-6">
      <ListHeader
        title={t("title")}
        description={t("list.description")}
        newHref="/admin/schedules/new"
        newLabel={t("new")}
      />

      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect
          label={t("list.columns.status")}
          value={status}
          options={scheduleStatuses}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
        <ZoneField
          label={t("showTimesIn")}
          className="min-w-64"
          value={zoneText}
          onChange={setZoneText}
          error={isTimeZone(zoneText) ? undefined : t("list.notAZone")}
        />
      </div>

      <PagedTable
        query={query}
        rows={query.data?.schedules}
        caption={t("title")}
        columns={columns}
        onOpen={(s) => router.push(`/admin/schedules/${s.id}`)}
        rowLabel={(s) => s.name}
        empty={{
          title:
            status === "active" || status === "paused" ? t(`list.empty.${status}`) : t("list.emptyTitle"),
          text: t("list.emptyText"),
        }}
        noun={t("list.noun")}
        onPage={setPage}
      />

      <ConfirmDialog
        title={t("deleteTitle", { name: deleting?.name ?? "" })}
        description={t("deleteText")}
        open={deleting !== null}
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => setDeleting(null)}
      />
    </main>
  );
}
