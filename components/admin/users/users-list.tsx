"use client";
// Users: search by id, email or name, page by page; each links to the user's page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { userJson } from "@/lib/users/service";
import { apiFetch } from "@/lib/http/api-client";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input } from "@/components/ui/field";
import { Badge, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { useDebounced } from "../shared/use-debounced";

export type UserJson = ReturnType<typeof userJson>;
type UserPage = { users: UserJson[]; total: number; page: number; page_size: number; total_pages: number };

export const USERS_KEY = "users";

export function UsersList() {
  const t = useTranslations("users.list");
  const formatTime = useFormatTime();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const term = useDebounced(search.trim());
  const list = useQuery({
    queryKey: [USERS_KEY, term, page],
    queryFn: () =>
      apiFetch<UserPage>("/api/v1/users", { query: { search: term || undefined, page, page_size: 25 } }),
    placeholderData: keepPreviousData,
  });
  const data = list.data;
  return (
    <section aria-labelledby="users-heading" className="flex flex-col gap-3">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="users-heading" className="font-semibold">
          {t("title")}{" "}
          {data ? (
            <span className="font-normal text-slate-500">{t("total", { total: data.total })}</span>
          ) : null}
        </h2>
        <Field label={t("search")} className="w-full sm:w-80">
          {(p) => (
            <Input
              {...p}
              type="search"
              placeholder={t("searchPlaceholder")}
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setPage(1);
              }}
            />
          )}
        </Field>
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : !data ? (
        <Skeleton className="h-48" />
      ) : data.users.length === 0 ? (
        <EmptyState title={term ? t("emptySearch", { term }) : t("empty")} />
      ) : (
        <Table>
          <caption className="sr-only">{t("title")}</caption>
          <thead>
            <tr>
              <Th>{t("columns.userId")}</Th>
              <Th>{t("columns.name")}</Th>
              <Th>{t("columns.email")}</Th>
              <Th>{t("columns.phone")}</Th>
              <Th>{t("columns.localeZone")}</Th>
              <Th>{t("columns.role")}</Th>
              <Th>{t("columns.created")}</Th>
            </tr>
          </thead>
          <tbody>
            {data.users.map((u) => (
              <tr key={u.user_id}>
                <Td>
                  <Link
                    href={`/admin/users/${encodeURIComponent(u.user_id)}`}
                    className={cn("font-medium text-brand hover:underline dark:text-indigo-300", focusRing)}
                  >
                    {u.user_id}
                  </Link>
                </Td>
                <Td>{u.name ?? "—"}</Td>
                <Td className="break-all">{u.email ?? "—"}</Td>
                <Td>{u.phone ?? "—"}</Td>
                <Td>
                  {u.locale ?? "—"} · {u.timezone ?? "—"}
                </Td>
                <Td>
                  {u.role === "admin" ? (
                    <Badge tone="amber">{t("roles.admin")}</Badge>
                  ) : (
                    <Badge>{t("roles.user")}</Badge>
                  )}
                </Td>
                <Td className="whitespace-nowrap">{formatTime(u.created_at)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {data && data.total_pages > 1 ? (
        <nav aria-label={t("pages")} className="flex items-center justify-end gap-2 text-sm">
          <Button size="sm" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            {t("previous")}
          </Button>
          <span>{t("pageOf", { page: data.page, pages: data.total_pages })}</span>
          <Button size="sm" disabled={page >= data.total_pages} onClick={() => setPage((p) => p + 1)}>
            {t("next")}
          </Button>
        </nav>
      ) : null}
    </section>
  );
}
