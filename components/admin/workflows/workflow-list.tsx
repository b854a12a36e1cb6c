"use client";
// The workflows list: search by key, name or description, page through; each row shows its runs of
// the last 24 hours (linked to the run explorer) and opens the editor.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import { PagedTable } from "@/components/admin/shared/paged-table";
import { ListHeader, SearchBox } from "@/components/admin/shared/page-parts";
import { useDebounced } from "@/components/admin/shared/use-debounced";
import type { WorkflowListItemJson } from "@/lib/workflows/serialize";
import { WORKFLOWS_API } from "./model";
import { runsHref } from "./run-filters";
import { useFormatTime } from "@/components/admin/shared/use-format";

type Page = { workflows: WorkflowListItemJson[]; total: number; page: number; total_pages: number };

const linkClass = cn("font-medium text-brand hover:underline dark:text-indigo-300", focusRing);

const PAGE_SIZE = 20;
const col = createColumnHelper<WorkflowListItemJson>();
type T = ReturnType<typeof useTranslations<"workflows">>;

function columnsFor(t: T, locale: string, formatTime: (iso: string) => string) {
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  return [
    col.accessor("name", {
      header: t("list.columns.workflow"),
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
      header: t("list.columns.category"),
      cell: (c) => (c.getValue() ? <code className="text-xs">{c.getValue()}</code> : "—"),
    }),
    col.accessor("steps", { header: t("list.columns.steps"), cell: (c) => c.getValue().length }),
    col.accessor("is_active", {
      header: t("list.columns.state"),
      cell: (c) =>
        c.getValue() ? (
          <Badge tone="green">{t("badges.active")}</Badge>
        ) : (
          <Badge>{t("badges.inactive")}</Badge>
        ),
    }),
    col.accessor("critical", {
      header: t("list.columns.critical"),
      cell: (c) => (c.getValue() ? <Badge tone="red">{t("badges.critical")}</Badge> : "—"),
    }),
    col.accessor("version", { header: t("list.columns.version"), cell: (c) => `v${c.getValue()}` }),
    col.accessor("stats.runs_24h", {
      header: t("list.columns.runs24h"),
      cell: (c) => (
        <Link
          href={runsHref({ workflow: c.row.original.key })}
          onClick={(e) => e.stopPropagation()}
          className={linkClass}
          aria-label={t("list.runsLabel", { count: c.getValue(), key: c.row.original.key })}
        >
          {c.getValue()}
        </Link>
      ),
    }),
    col.accessor("stats.success_rate", {
      header: t("list.columns.success"),
      cell: (c) => {
        const { success_rate: rate, failed_24h: failed } = c.row.original.stats;
        if (rate === null) return "—";
        return (
          <span
            title={t("list.failed", { count: failed })}
            className={rate < 0.9 ? "text-red-700 dark:text-red-400" : undefined}
          >
            {percent.format(rate)}
          </span>
        );
      },
    }),
    col.accessor("updated_at", {
      header: t("list.columns.updated"),
      cell: (c) => (
        <time dateTime={c.getValue()} className="text-xs text-slate-600 dark:text-slate-300">
          {formatTime(c.getValue())}
        </time>
      ),
    }),
  ];
}

export function WorkflowList() {
  const t = useTranslations("workflows");
  const locale = useLocale();
  const formatTime = useFormatTime();
  const columns = useMemo(() => columnsFor(t, locale, formatTime), [t, locale, formatTime]);
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
        title={t("title")}
        description={t("list.description")}
        newHref="/admin/workflows/new"
        newLabel={t("list.new")}
      >
        <Link href={runsHref()} className={cn("text-sm", linkClass)}>
          {t("list.runExplorer")}
        </Link>
      </ListHeader>

      <SearchBox
        label={t("list.searchLabel")}
        placeholder={t("list.searchPlaceholder")}
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
        caption={t("title")}
        columns={columns}
        onOpen={(w) => router.push(`/admin/workflows/${encodeURIComponent(w.key)}`)}
        rowLabel={(w) => `${w.name} (${w.key})`}
        empty={{
          title: term ? t("list.emptySearchTitle") : t("list.emptyTitle"),
          text: term ? t("list.emptySearchText") : t("list.emptyText"),
        }}
        noun={t("list.noun")}
        onPage={setPage}
      />
    </main>
  );
}
