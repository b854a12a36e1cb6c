"use client";
// The schedules list: status filter, the next fire times shown in a chosen time zone, pause or
// resume and delete from the row.
import { ListHeader } from "@/components/admin/shared/page-parts";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Pause, Play, Trash2 } from "lucide-react";
import Link from "next/link";
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
import { plural } from "@/components/admin/shared/recipients";
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
export const DELETE_TEXT = "Nothing more fires; runs it already started go on.";

/** Pause or resume a schedule; the lists and the schedule's page read it again. */
export function useStatusChange() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (s: { id: string; status: string }) =>
      apiFetch<ScheduleSummary>(`${schedulePath(s.id)}/${s.status === "active" ? "pause" : "resume"}`, {
        method: "POST",
      }),
    onSuccess: (s) => {
      toast.success(`Schedule ${s.status === "paused" ? "paused" : "resumed"}`);
      void qc.invalidateQueries({ queryKey: SCHEDULES_KEY });
    },
    onError: (err) => toast.error(err instanceof Error ? err.message : "Not changed"),
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
  if (schedule.status !== "active") return <span className="text-slate-500">Paused</span>;
  if (schedule.next_fires.length === 0) return <span className="text-slate-500">No later time</span>;
  return (
    <ul className="flex flex-col gap-0.5 text-sm">
      {schedule.next_fires.slice(0, max).map((f) => (
        <li key={`${f.at}-${f.zone}`}>
          <time dateTime={f.at}>{formatIn(f.at, zone)}</time>{" "}
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {plural(f.recipients, "recipient")} in {f.zone} ({f.local_time.slice(11)})
          </span>
        </li>
      ))}
    </ul>
  );
}

export function ScheduleList() {
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
      toast.success(`Schedule ${s.name} deleted`);
      setDeleting(null);
      void qc.invalidateQueries({ queryKey: SCHEDULES_KEY });
    },
    onError: (err) => toast.error(err instanceof Error ? err.message : "Delete failed"),
  });

  const columns = useMemo(
    () => [
      col.accessor("name", {
        header: "Schedule",
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
        header: "Repeats",
        cell: (c) => (
          <>
            <div className="text-sm">{describeRepeat(c.getValue())}</div>
            <div className="text-xs text-slate-500 dark:text-slate-400">
              {plural(c.row.original.recipient_count, "recipient")}
            </div>
          </>
        ),
      }),
      col.accessor("status", {
        header: "Status",
        cell: (c) => <Badge tone={statusTone(c.getValue())}>{c.getValue()}</Badge>,
      }),
      col.display({
        id: "next",
        header: `Next (${zone})`,
        cell: (c) => <NextFires schedule={c.row.original} zone={zone} />,
      }),
      col.display({
        id: "actions",
        header: () => <span className="sr-only">Actions</span>,
        cell: (c) => {
          const s = c.row.original;
          const active = s.status === "active";
          return (
            <div className="flex gap-1">
              <Button
                size="sm"
                variant="ghost"
                aria-label={`${active ? "Pause" : "Resume"} ${s.name}`}
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
                aria-label={`Delete ${s.name}`}
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
    [zone, toggle],
  );

  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 sm:px-6">
      <ListHeader
        title="Schedules"
        description="Workflows fired on a repeat, each recipient at their own local time."
        newHref="/admin/schedules/new"
        newLabel="New schedule"
      />

      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect
          label="Status"
          value={status}
          options={scheduleStatuses}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
        />
        <ZoneField
          label="Show times in"
          className="min-w-64"
          value={zoneText}
          onChange={setZoneText}
          error={isTimeZone(zoneText) ? undefined : "Not a time zone: showing UTC"}
        />
      </div>

      <PagedTable
        query={query}
        rows={query.data?.schedules}
        caption="Schedules"
        columns={columns}
        onOpen={(s) => router.push(`/admin/schedules/${s.id}`)}
        rowLabel={(s) => s.name}
        empty={{
          title: status ? `No ${status} schedules` : "No schedules yet",
          text: "Create one to fire a workflow daily, weekly, monthly or by an RRULE.",
        }}
        noun="schedules"
        onPage={setPage}
      />

      <ConfirmDialog
        title={`Delete schedule ${deleting?.name ?? ""}?`}
        description={DELETE_TEXT}
        open={deleting !== null}
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onCancel={() => setDeleting(null)}
      />
    </main>
  );
}
