"use client";
// The run explorer: every workflow run of the tenant, newest first, filtered by workflow, user,
// status and trigger (kept in the URL, so the workflows list links to one workflow's runs, and a run
// to its trigger's); a row opens the run's timeline. Filtered by a trigger, its progress shows above.
import { createColumnHelper } from "@tanstack/react-table";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import type { z } from "zod";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge } from "@/components/ui/misc";
import { workflowRunStatuses } from "@/lib/vocabulary/enums";
import type { workflowRunSchema } from "@/lib/workflows/runs";
import { CursorTable } from "@/components/admin/shared/cursor-table";
import { FilterInput, FilterSelect } from "@/components/admin/shared/filter-fields";
import { statusTone } from "@/components/admin/shared/format";
import { useCursorList } from "@/components/admin/shared/use-cursor-list";
import { useDebounced } from "@/components/admin/shared/use-debounced";
import { runsHref, type RunFilters } from "./run-filters";
import { useRunStatus } from "./labels";
import { RUNS_API } from "./run-timeline";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { TriggerProgress } from "./trigger-progress";

type Run = z.input<typeof workflowRunSchema>;

/** How often the list looks for new runs while it is open. */
const LIST_LIVE_MS = 5_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const runPath = (id: string) => `/admin/workflows/runs/${id}`;

const col = createColumnHelper<Run>();
type T = ReturnType<typeof useTranslations<"workflows.explorer">>;

function columnsFor(t: T, formatTime: (iso: string | null) => string, statusText: (s: string) => string) {
  return [
    col.accessor("created_at", {
      header: t("columns.triggered"),
      cell: (c) => (
        <Link
          href={runPath(c.row.original.id)}
          onClick={(e) => e.stopPropagation()}
          className={cn("whitespace-nowrap text-brand hover:underline dark:text-indigo-300", focusRing)}
        >
          {formatTime(c.getValue())}
        </Link>
      ),
    }),
    col.accessor("workflow", {
      header: t("columns.workflow"),
      cell: (c) => (
        <span>
          <code className="text-xs">{c.getValue()}</code>{" "}
          <span className="text-xs text-slate-500">v{c.row.original.version}</span>
        </span>
      ),
    }),
    col.accessor("user_id", {
      header: t("columns.user"),
      cell: (c) => <span className="break-all">{c.getValue()}</span>,
    }),
    col.accessor("status", {
      header: t("columns.status"),
      cell: (c) => <Badge tone={statusTone(c.getValue())}>{statusText(c.getValue())}</Badge>,
    }),
    col.accessor("completed_at", {
      header: t("columns.over"),
      cell: (c) => <span className="whitespace-nowrap">{formatTime(c.getValue())}</span>,
    }),
  ];
}

export function RunExplorer({ initial }: { initial: RunFilters }) {
  const t = useTranslations("workflows.explorer");
  const formatTime = useFormatTime();
  const statusText = useRunStatus();
  const columns = useMemo(() => columnsFor(t, formatTime, statusText), [t, formatTime, statusText]);
  const router = useRouter();
  const [filters, setFilters] = useState(initial);
  const set = (k: keyof RunFilters) => (v: string) => setFilters((f) => ({ ...f, [k]: v }));
  const workflow = useDebounced(filters.workflow.trim());
  const userId = useDebounced(filters.user_id.trim());
  const triggerId = useDebounced(filters.trigger_id.trim());
  const query = useMemo(
    () => ({
      workflow: workflow || undefined,
      user_id: userId || undefined,
      status: filters.status || undefined,
      trigger_id: UUID.test(triggerId) ? triggerId : undefined,
    }),
    [workflow, userId, filters.status, triggerId],
  );
  useEffect(() => {
    // replaceState, not a navigation: no server round trip, no history entry per keystroke.
    window.history.replaceState(null, "", runsHref(query));
  }, [query]);
  const list = useCursorList<Run, "runs">(RUNS_API, "runs", query, {
    pageSize: 50,
    refetchInterval: LIST_LIVE_MS,
  });

  return (
    <div className="flex flex-col gap-4">
      <form
        role="search"
        aria-label={t("filterLabel")}
        onSubmit={(e) => e.preventDefault()}
        className="grid grid-cols-1 gap-3 sm:grid-cols-4"
      >
        <FilterInput
          label={t("columns.workflow")}
          placeholder={t("examples.workflowKey")}
          value={filters.workflow}
          onChange={set("workflow")}
        />
        <FilterInput
          label={t("userId")}
          placeholder={t("examples.userId")}
          value={filters.user_id}
          onChange={set("user_id")}
        />
        <FilterSelect
          label={t("columns.status")}
          value={filters.status}
          options={workflowRunStatuses}
          onChange={set("status")}
        />
        <FilterInput
          label={t("triggerId")}
          placeholder={t("triggerIdPlaceholder")}
          value={filters.trigger_id}
          onChange={set("trigger_id")}
        />
      </form>
      {UUID.test(triggerId) ? <TriggerProgress id={triggerId} /> : null}
      <CursorTable
        list={list}
        caption={t("title")}
        columns={columns}
        empty={{ title: t("emptyTitle"), text: t("emptyText") }}
        onOpen={(r) => router.push(runPath(r.id))}
        rowLabel={(r) =>
          t("rowLabel", { workflow: r.workflow, user: r.user_id, status: statusText(r.status) })
        }
      />
    </div>
  );
}
