"use client";
// The templates list: search by name, code or description, filter by type and state, page through.
import { ListHeader } from "@/components/admin/shared/page-parts";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { apiFetch } from "@/lib/http/api-client";
import { CHANNELS, TEMPLATES_API, TYPES, type TemplateJson } from "./model";
import { useLabels } from "@/components/admin/shared/labels";
import { PageNav } from "@/components/admin/shared/page-nav";
import { useDebounced } from "@/components/admin/shared/use-debounced";

type Page = {
  templates: TemplateJson[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
};

const PAGE_SIZE = 20;
const typeTone = { info: "blue", system: "slate", warning: "amber", error: "red" } as const;

export function TemplateList() {
  const t = useTranslations("templates.list");
  const labels = useLabels();
  const format = useFormatter();
  const [search, setSearch] = useState("");
  const [type, setType] = useState("");
  const [active, setActive] = useState("");
  const [page, setPage] = useState(1);
  const term = useDebounced(search.trim(), 250);
  const query = useQuery({
    queryKey: ["admin", "templates", { term, type, active, page }],
    queryFn: () =>
      apiFetch<Page>(TEMPLATES_API, {
        query: { search: term, type, is_active: active, page, page_size: PAGE_SIZE },
      }),
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const filtered = Boolean(term || type || active);

  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <ListHeader
        title={t("title")}
        description={t("description")}
        newHref="/admin/templates/new"
        newLabel={t("new")}
      />

      <div className="flex flex-wrap items-end gap-3">
        <label className="relative min-w-56 flex-1">
          <span className="sr-only">{t("search")}</span>
          <Search className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            placeholder={t("searchPlaceholder")}
            className="pl-8"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </label>
        <Field label={t("type")}>
          {(p) => (
            <Select
              {...p}
              value={type}
              onChange={(e) => {
                setType(e.target.value);
                setPage(1);
              }}
            >
              <option value="">{t("allTypes")}</option>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {labels.type(type)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label={t("state")}>
          {(p) => (
            <Select
              {...p}
              value={active}
              onChange={(e) => {
                setActive(e.target.value);
                setPage(1);
              }}
            >
              <option value="">{t("anyState")}</option>
              <option value="true">{t("active")}</option>
              <option value="false">{t("inactive")}</option>
            </Select>
          )}
        </Field>
      </div>

      {query.isError && !data ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Table aria-busy={query.isFetching}>
          <thead>
            <tr>
              <Th>{t("columns.template")}</Th>
              <Th>{t("columns.type")}</Th>
              <Th className="hidden md:table-cell">{t("columns.channels")}</Th>
              <Th className="hidden lg:table-cell">{t("columns.locales")}</Th>
              <Th>{t("columns.version")}</Th>
              <Th>{t("columns.state")}</Th>
              <Th className="hidden md:table-cell">{t("columns.updated")}</Th>
            </tr>
          </thead>
          <tbody>
            {!data
              ? Array.from({ length: 5 }, (_, i) => (
                  <tr key={i}>
                    {Array.from({ length: 7 }, (_, j) => (
                      <Td key={j}>
                        <Skeleton className="h-4 w-full" />
                      </Td>
                    ))}
                  </tr>
                ))
              : data.templates.map((tpl) => (
                  <tr key={tpl.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                    <Td>
                      <Link
                        href={`/admin/templates/${tpl.id}`}
                        className={cn(
                          "font-medium text-brand hover:underline dark:text-indigo-300",
                          focusRing,
                        )}
                      >
                        {tpl.name}
                      </Link>
                      <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{tpl.code}</div>
                    </Td>
                    <Td>
                      <Badge tone={typeTone[tpl.type as keyof typeof typeTone] ?? "slate"}>
                        {labels.type(tpl.type)}
                      </Badge>
                    </Td>
                    <Td className="hidden md:table-cell">
                      <div className="flex flex-wrap gap-1">
                        {CHANNELS.filter((c) => tpl.channels.includes(c)).map((c) => (
                          <Badge key={c}>{labels.channel(c)}</Badge>
                        ))}
                      </div>
                    </Td>
                    <Td className="hidden text-xs lg:table-cell">{tpl.locales.join(", ")}</Td>
                    <Td className="tabular-nums">v{tpl.version}</Td>
                    <Td>
                      {tpl.is_active ? (
                        <Badge tone="green">{t("active")}</Badge>
                      ) : (
                        <Badge>{t("inactive")}</Badge>
                      )}
                    </Td>
                    <Td className="hidden text-xs text-slate-600 md:table-cell dark:text-slate-300">
                      <time dateTime={tpl.updated_at}>
                        {format.dateTime(new Date(tpl.updated_at), {
                          dateStyle: "medium",
                          timeStyle: "short",
                        })}
                      </time>
                    </Td>
                  </tr>
                ))}
          </tbody>
        </Table>
      )}
      {data && data.templates.length === 0 ? (
        <EmptyState title={filtered ? t("emptyFiltered") : t("empty")}>
          {filtered ? t("emptyFilteredText") : t("emptyText")}
        </EmptyState>
      ) : null}

      {data ? (
        <PageNav
          page={data.page}
          totalPages={data.total_pages}
          total={data.total}
          noun={t("noun")}
          onPage={setPage}
        />
      ) : null}
    </main>
  );
}
