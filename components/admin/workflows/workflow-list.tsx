"use client";
// The workflows list: search by key, name or description, page through; each row opens the editor.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import { formatTime } from "@/components/admin/shared/format";
import { PagedTable } from "@/components/admin/shared/paged-table";
import { SearchBox } from "@/components/admin/shared/page-parts";
import { useDebounced } from "@/components/admin/shared/use-debounced";
import { WORKFLOWS_API, type WorkflowJson } from "./model";

type Page = { workflows: WorkflowJson[]; total: number; page: number; total_pages: number };

const PAGE_SIZE = 20;
const col = createColumnHelper<WorkflowJson>();
const columns = [
  col.accessor("name", {
    header: "Workflow",
    cell: (c) => (
      <>
        <Link
          href={`/admin/workflows/${encodeURIComponent(c.row.original.key)}`}
          onClick={(e) => e.stopPropagation()}
          className={cn("font-medium text-brand hover:underline dark:text-indigo-300", focusRing)}
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
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Workflows</h1>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            What a trigger runs: channel steps, delays, digests and throttles, in order, with versions.
          </p>
        </div>
        <Link
          href="/admin/workflows/new"
          className={cn(
            "inline-flex items-center gap-1.5 rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-dark",
            focusRing,
          )}
        >
          <Plus className="size-4" aria-hidden /> New workflow
        </Link>
      </div>

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
