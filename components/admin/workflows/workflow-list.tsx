"use client";
// The workflows list: search by key, name or description, page through; each row shows its runs of
// the last 24 hours (linked to the run explorer) and opens the editor.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import { formatTime } from "@/components/admin/shared/format";
import { PagedTable } from "@/components/admin/shared/paged-table";
import { ListHeader, SearchBox } from "@/components/admin/shared/page-parts";
import { useDebounced } from "@/components/admin/shared/use-debounced";
import type { WorkflowListItemJson } from "@/lib/workflows/serialize";
import { WORKFLOWS_API } from "./model";
import { runsHref } from "./run-filters";

type Page = { workflows: WorkflowListItemJson[]; total: number; page: number; total_pages: number };

const linkClass = cn("font-medium text-brand hover:underline dark:text-indigo-300", focusRing);
const percent = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 });

const PAGE_SIZE = 20;
const col = createColumnHelper<WorkflowListItemJson>();
const columns = [
  col.accessor("name", {
    header: "Workflow",
    cell: (c) => (
      <>
        <Link
          href={`/admin/workflows/${encodeURIComponent(c.row.original.key)}`}
          onClick={(e) => e.stopPropagation()}
          className={linkClass}
        >
          {c.getValue()}
        </Link>
        <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{c.row.original.key}</div>
      </>
    ),
  }),
  col.accessor("category", {
    header: "Category",
    cell: (c) => (c.getValue() ? <code className="text-xs">{c.getValue()}</code> : "—"),
  }),
  col.accessor("steps", { header: "Steps", cell: (c) => c.getValue().length }),
  col.accessor("is_active", {
    header: "State",
    cell: (c) => (c.getValue() ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>),
  }),
  col.accessor("critical", {
    header: "Critical",
    cell: (c) => (c.getValue() ? <Badge tone="red">Critical</Badge> : "—"),
  }),
  col.accessor("version", { header: "Version", cell: (c) => `v${c.getValue()}` }),
  col.accessor("stats.runs_24h", {
    header: "Runs (24 h)",
    cell: (c) => (
      <Link
        href={runsHref({ workflow: c.row.original.key })}
        onClick={(e) => e.stopPropagation()}
        className={linkClass}
        aria-label={`${c.getValue()} runs of ${c.row.original.key} in the last 24 hours`}
      >
        {c.getValue()}
      </Link>
    ),
  }),
  col.accessor("stats.success_rate", {
    header: "Success",
    cell: (c) => {
      const { success_rate: rate, failed_24h: failed } = c.row.original.stats;
      if (rate === null) return "—";
      return (
        <span
          title={`${failed} failed`}
          className={rate < 0.9 ? "text-red-700 dark:text-red-400" : undefined}
        >
          {percent.format(rate)}
        </span>
      );
    },
  }),
  col.accessor("updated_at", {
    header: "Updated",
    cell: (c) => (
      <time dateTime={c.getValue()} className="text-xs text-slate-600 dark:text-slate-300">
        {formatTime(c.getValue())}
      </time>
    ),
  }),
];

export function WorkflowList() {
  const router = useRouter();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const term = useDebounced(search.trim(), 250);
  const query = useQuery({
    queryKey: ["admin", "workflows", { term, page }],
    queryFn: () => apiFetch<Page>(WORKFLOWS_API, { query: { q: term, page, page_size: PAGE_SIZE } }),
    placeholderData: keepPreviousData,
  });
  const data = query.data;

  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <ListHeader
        title="Workflows"
        description="What a trigger runs: channel steps, delays, digests and throttles, in order, with versions."
        newHref="/admin/workflows/new"
        newLabel="New workflow"
      >
        <Link href={runsHref()} className={cn("text-sm", linkClass)}>
          Run explorer
        </Link>
      </ListHeader>

      <SearchBox
        label="Search workflows"
        placeholder="Search key, name or description"
        className="max-w-xl"
        value={search}
        onChange={(v) => {
          setSearch(v);
          setPage(1);
        }}
      />

      <PagedTable
        query={query}
        rows={data?.workflows}
        caption="Workflows"
        columns={columns}
        onOpen={(w) => router.push(`/admin/workflows/${encodeURIComponent(w.key)}`)}
        rowLabel={(w) => `${w.name} (${w.key})`}
        empty={{
          title: term ? "No workflow matches this search" : "No workflows yet",
          text: term ? "Try another search." : "Create one to send on several channels from one trigger.",
        }}
        noun="workflows"
        onPage={setPage}
      />
    </main>
  );
}
