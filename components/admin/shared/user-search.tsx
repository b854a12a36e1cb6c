"use client";
// Finds users by id, email or name (GET /api/v1/users?search=) and hands the one picked to the
// caller; shared by the send composer and the announcement audience picker.
import { useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Input } from "@/components/ui/field";
import { apiFetch } from "@/lib/http/api-client";
import type { UserJson, UserPage } from "./types";

export function UserSearch({
  label,
  chosen,
  onPick,
}: {
  label?: string;
  chosen: ReadonlySet<string>;
  onPick: (user: UserJson) => void;
}) {
  const t = useTranslations("console");
  const [text, setText] = useState("");
  const search = useDeferredValue(text.trim());
  const results = useQuery({
    queryKey: ["users", "search", search],
    queryFn: () => apiFetch<UserPage>("/api/v1/users", { query: { search, page_size: 8 } }),
    enabled: search.length > 0,
    staleTime: 10_000,
  });
  return (
    <div className="flex flex-col gap-2">
      <Field label={label ?? t("userSearch.label")} hint={t("userSearch.hint")}>
        {(p) => (
          <div className="relative">
            <Search aria-hidden className="pointer-events-none absolute top-2 left-2 size-4 text-slate-400" />
            <Input
              {...p}
              type="search"
              className="pl-8"
              value={text}
              placeholder={t("userSearch.placeholder")}
              onChange={(e) => setText(e.target.value)}
            />
          </div>
        )}
      </Field>
      {search ? (
        <ul
          aria-label={t("userSearch.results")}
          aria-busy={results.isFetching}
          className="flex max-h-64 flex-col overflow-y-auto rounded-md border border-slate-200 dark:border-slate-700"
        >
          {results.data?.users.length === 0 ? (
            <li className="px-3 py-2 text-sm text-slate-500">{t("userSearch.noMatch", { search })}</li>
          ) : null}
          {results.error ? (
            <li role="alert" className="px-3 py-2 text-sm text-red-600">
              {(results.error as Error).message}
            </li>
          ) : null}
          {results.data?.users.map((u) => {
            const isChosen = chosen.has(u.user_id);
            return (
              <li key={u.user_id} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
                <button
                  type="button"
                  disabled={isChosen}
                  onClick={() => onPick(u)}
                  aria-label={t(isChosen ? "userSearch.added" : "userSearch.add", { id: u.user_id })}
                  className={cn(
                    "flex w-full items-center justify-between gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50 disabled:opacity-60 dark:hover:bg-slate-800",
                    focusRing,
                  )}
                >
                  <span className="min-w-0">
                    <span className="font-medium">{u.user_id}</span>
                    <span className="ml-2 truncate text-slate-500 dark:text-slate-400">
                      {[u.name, u.email].filter(Boolean).join(" · ")}
                    </span>
                  </span>
                  <span className="shrink-0 text-xs text-slate-500">
                    {isChosen ? t("actions.added") : t("actions.add")}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
