"use client";
// Who a send goes to: users picked by search, pasted ids, a CSV of ids, or every user. Each source
// adds to one list of distinct ids, so they can be combined; the count is always on screen.
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Textarea } from "@/components/ui/field";
import { Tabs } from "@/components/ui/tabs";
import { apiFetch } from "@/lib/http/api-client";
import { idsFromCsv, parsePastedIds, type ParsedIds } from "@/components/admin/shared/recipients";
import type { UserPage } from "@/components/admin/shared/types";
import { UserSearch } from "@/components/admin/shared/user-search";
import { Chips } from "@/components/ui/chips";

type Source = "pick" | "paste" | "csv" | "all";
const SHOWN_CHIPS = 40;
/** The users API's largest page. */
const USERS_PAGE = 100;

type Translate = ReturnType<typeof useTranslations<"send.recipients">>;

function summary(r: ParsedIds, t: Translate): string {
  const parts = [t("newIds", { count: r.ids.length })];
  if (r.duplicates) parts.push(t("duplicates", { count: r.duplicates }));
  if (r.invalid.length) parts.push(t("invalid", { count: r.invalid.length }));
  return parts.join(t("separator"));
}

export function RecipientPicker({
  recipients,
  onChange,
  error,
}: {
  recipients: string[];
  onChange: (ids: string[]) => void;
  error?: string;
}) {
  const t = useTranslations("send.recipients");
  const format = useFormatter();
  const [source, setSource] = useState<Source>("pick");
  const [pasted, setPasted] = useState("");
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [loadingAll, setLoadingAll] = useState<{ loaded: number; total: number } | null>(null);
  const [allError, setAllError] = useState<string | null>(null);
  const chosen = useMemo(() => new Set(recipients), [recipients]);
  const pastedIds = useMemo(() => parsePastedIds(pasted, chosen), [pasted, chosen]);
  const add = (ids: string[]) => {
    if (ids.length > 0) onChange([...recipients, ...ids.filter((id) => !chosen.has(id))]);
  };

  async function readCsv(file: File) {
    const parsed = idsFromCsv(await file.text(), chosen);
    add(parsed.ids);
    setFileNote(t("fileNote", { file: file.name, summary: summary(parsed, t) }));
  }

  // Pages through the users API. A tenant of 100,000 users is 1,000 requests: a server-side
  // "everyone" send would be better there (see the report); for the sizes the API takes per send
  // (10,000) this stays a few seconds.
  async function loadAll() {
    setAllError(null);
    const found: string[] = [];
    try {
      for (let page = 1; ; page++) {
        const res = await apiFetch<UserPage>("/api/v1/users", { query: { page, page_size: USERS_PAGE } });
        found.push(...res.users.map((u) => u.user_id));
        setLoadingAll({ loaded: found.length, total: res.total });
        if (page >= res.total_pages || res.users.length === 0) break;
      }
      add(found);
    } catch (err) {
      setAllError((err as Error).message);
    } finally {
      setLoadingAll(null);
    }
  }

  return (
    <div className="flex flex-col gap-3">
      <Tabs<Source>
        label={t("chooseBy")}
        value={source}
        onChange={setSource}
        items={[
          { value: "pick", label: t("sources.pick") },
          { value: "paste", label: t("sources.paste") },
          { value: "csv", label: t("sources.csv") },
          { value: "all", label: t("sources.all") },
        ]}
      />
      <div role="tabpanel" aria-label={t("source")}>
        {source === "pick" ? <UserSearch chosen={chosen} onPick={(u) => add([u.user_id])} /> : null}
        {source === "paste" ? (
          <div className="flex flex-col gap-2">
            <Field label={t("userIds")} hint={t("userIdsHint")}>
              {(p) => <Textarea {...p} rows={4} value={pasted} onChange={(e) => setPasted(e.target.value)} />}
            </Field>
            <div className="flex flex-wrap items-center gap-3">
              <Button
                variant="primary"
                size="sm"
                disabled={pastedIds.ids.length === 0}
                onClick={() => {
                  add(pastedIds.ids);
                  setPasted("");
                }}
              >
                {pastedIds.ids.length ? t("addIds", { count: pastedIds.ids.length }) : t("addIdsEmpty")}
              </Button>
              {pasted.trim() ? (
                <span aria-live="polite" className="text-xs text-slate-600 dark:text-slate-300">
                  {summary(pastedIds, t)}
                  {pastedIds.invalid.length ? `: ${pastedIds.invalid.slice(0, 3).join(", ")}` : ""}
                </span>
              ) : null}
            </div>
          </div>
        ) : null}
        {source === "csv" ? (
          <div className="flex flex-col gap-2">
            <Field label={t("csvFile")} hint={t("csvHint")}>
              {(p) => (
                <input
                  {...p}
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  className={cn(
                    "text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-1.5 dark:file:bg-slate-800",
                    focusRing,
                  )}
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void readCsv(file);
                    e.target.value = "";
                  }}
                />
              )}
            </Field>
            {fileNote ? (
              <p aria-live="polite" className="text-xs text-slate-600 dark:text-slate-300">
                {fileNote}
              </p>
            ) : null}
          </div>
        ) : null}
        {source === "all" ? (
          <div className="flex flex-col items-start gap-2 text-sm">
            <p className="text-slate-600 dark:text-slate-300">{t("allText")}</p>
            <Button variant="primary" size="sm" disabled={loadingAll !== null} onClick={() => void loadAll()}>
              {loadingAll
                ? t("loadingAll", { loaded: loadingAll.loaded, total: loadingAll.total })
                : t("addAll")}
            </Button>
            {allError ? (
              <p role="alert" className="text-xs text-red-600 dark:text-red-400">
                {allError}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>

      <div className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700">
        <div className="flex items-center justify-between gap-2">
          <p aria-live="polite" className="text-sm font-medium" data-testid="recipient-count">
            {t("count", { count: recipients.length })}
          </p>
          {recipients.length > 0 ? (
            <Button size="sm" variant="ghost" onClick={() => onChange([])}>
              {t("clearAll")}
            </Button>
          ) : null}
        </div>
        {recipients.length > 0 ? (
          <Chips
            label={t("chips")}
            values={recipients.slice(0, SHOWN_CHIPS)}
            onRemove={(id) => onChange(recipients.filter((r) => r !== id))}
            more={
              recipients.length > SHOWN_CHIPS
                ? t("more", { count: format.number(recipients.length - SHOWN_CHIPS) })
                : undefined
            }
          />
        ) : (
          <p className="text-xs text-slate-500 dark:text-slate-400">{t("none")}</p>
        )}
        {error ? (
          <p role="alert" className="text-xs text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
