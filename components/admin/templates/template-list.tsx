"use client";
// The templates list: search by name, code or description, filter by type and state, page through.
import { ListHeader } from "@/components/admin/shared/page-parts";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { apiFetch } from "@/lib/http/api-client";
import { CHANNELS, channelLabel, TEMPLATES_API, TYPES, type TemplateJson } from "./model";
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
        title="Templates"
        description="Reusable content per channel and locale, with variables and versions."
        newHref="/admin/templates/new"
        newLabel="New template"
      />

      <div className="flex flex-wrap items-end gap-3">
        <label className="relative min-w-56 flex-1">
          <span className="sr-only">Search templates</span>
          <Search className="pointer-events-none absolute top-2 left-2.5 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            placeholder="Search name, code or description"
            className="pl-8"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              setPage(1);
            }}
          />
        </label>
        <Field label="Type">
          {(p) => (
            <Select
              {...p}
              value={type}
              onChange={(e) => {
                setType(e.target.value);
                setPage(1);
              }}
            >
              <option value="">All types</option>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <Field label="State">
          {(p) => (
            <Select
              {...p}
              value={active}
              onChange={(e) => {
                setActive(e.target.value);
                setPage(1);
              }}
            >
              <option value="">Active and inactive</option>
              <option value="true">Active</option>
              <option value="false">Inactive</option>
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
              <Th>Template</Th>
              <Th>Type</Th>
              <Th className="hidden md:table-cell">Channels</Th>
              <Th className="hidden lg:table-cell">Locales</Th>
              <Th>Version</Th>
              <Th>State</Th>
              <Th className="hidden md:table-cell">Updated</Th>
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
              : data.templates.map((t) => (
                  <tr key={t.id} className="hover:bg-slate-50 dark:hover:bg-slate-800/50">
                    <Td>
                      <Link
                        href={`/admin/templates/${t.id}`}
                        className={cn(
                          "font-medium text-brand hover:underline dark:text-indigo-300",
                          focusRing,
                        )}
                      >
                        {t.name}
                      </Link>
                      <div className="font-mono text-xs text-slate-500 dark:text-slate-400">{t.code}</div>
                    </Td>
                    <Td>
                      <Badge tone={typeTone[t.type as keyof typeof typeTone] ?? "slate"}>{t.type}</Badge>
                    </Td>
                    <Td className="hidden md:table-cell">
                      <div className="flex flex-wrap gap-1">
                        {CHANNELS.filter((c) => t.channels.includes(c)).map((c) => (
                          <Badge key={c}>{channelLabel[c]}</Badge>
                        ))}
                      </div>
                    </Td>
                    <Td className="hidden text-xs lg:table-cell">{t.locales.join(", ")}</Td>
                    <Td className="tabular-nums">v{t.version}</Td>
                    <Td>{t.is_active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>}</Td>
                    <Td className="hidden text-xs text-slate-600 md:table-cell dark:text-slate-300">
                      <time dateTime={t.updated_at}>{new Date(t.updated_at).toLocaleString()}</time>
                    </Td>
                  </tr>
                ))}
          </tbody>
        </Table>
      )}
      {data && data.templates.length === 0 ? (
        <EmptyState title={filtered ? "No template matches these filters" : "No templates yet"}>
          {filtered
            ? "Try another search or clear the filters."
            : "Create one to send consistent content on every channel."}
        </EmptyState>
      ) : null}

      {data && data.total_pages > 1 ? (
        <nav aria-label="Pages" className="flex items-center justify-between gap-2 text-sm">
          <span className="text-slate-600 dark:text-slate-300">
            Page {data.page} of {data.total_pages} · {data.total} templates
          </span>
          <div className="flex gap-2">
            <Button size="sm" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              Previous
            </Button>
            <Button size="sm" disabled={page >= data.total_pages} onClick={() => setPage((p) => p + 1)}>
              Next
            </Button>
          </div>
        </nav>
      ) : data ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">{data.total} templates</p>
      ) : null}
    </main>
  );
}
