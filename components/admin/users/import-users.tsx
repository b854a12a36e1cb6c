"use client";
// CSV import of users: choose or paste a file, check it (a dry run: per-row errors, what would
// change, nothing written), then import the valid rows. Importing the same file again changes nothing.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import type { ImportResult } from "@/lib/users/import";
import { ApiError, withQuery } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { Card } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { USERS_KEY } from "./users-list";

/** POSTs the CSV as text/csv (apiFetch sends JSON only). */
async function postImport(csv: string, dryRun: boolean, failed: string): Promise<ImportResult> {
  const res = await fetch(withQuery("/api/v1/users/import", { dry_run: dryRun }), {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "text/csv", Accept: "application/json" },
    body: csv,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, json?.message ?? failed, json?.errors ?? []);
  return json.data as ImportResult;
}

function Summary({ r }: { r: ImportResult }) {
  const t = useTranslations("users.import");
  const values = {
    rows: r.rows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    skipped: r.skipped,
    strong: (chunks: ReactNode) => <strong>{chunks}</strong>,
    bad: (chunks: ReactNode) => <strong className="text-red-700 dark:text-red-300">{chunks}</strong>,
  };
  const key = r.dry_run
    ? r.skipped > 0
      ? "summaryDrySkipped"
      : "summaryDry"
    : r.skipped > 0
      ? "summaryDoneSkipped"
      : "summaryDone";
  return (
    <p className="text-sm" role="status">
      {t.rich(key, values)}
    </p>
  );
}

export function ImportUsers() {
  const t = useTranslations("users.import");
  const qc = useQueryClient();
  const [csv, setCsv] = useState("");
  const [checked, setChecked] = useState<{ csv: string; result: ImportResult } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const dryRun = useMutation({
    mutationFn: (text: string) => postImport(text, true, t("requestFailed")),
    onSuccess: (result, text) => {
      setChecked({ csv: text, result });
      setDone(null);
    },
  });
  const run = useMutation({
    mutationFn: (text: string) => postImport(text, false, t("requestFailed")),
    onSuccess: (result) => {
      setDone(result);
      setChecked(null);
      toast.success(t("imported", { created: result.created, updated: result.updated }));
      qc.invalidateQueries({ queryKey: [USERS_KEY] });
    },
  });
  const fileErrors = dryRun.error instanceof ApiError ? dryRun.error.errors : [];
  const current = checked && checked.csv === csv ? checked.result : null;

  return (
    <Card className="flex flex-col gap-3">
      <div>
        <h2 className="font-semibold">{t("title")}</h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {t.rich("intro", { code: (chunks) => <code>{chunks}</code> })}
        </p>
      </div>
      <div className="grid gap-3 md:grid-cols-[16rem_1fr]">
        <Field label={t("file")}>
          {(p) => (
            <Input
              {...p}
              type="file"
              accept=".csv,text/csv"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file) setCsv(await file.text());
              }}
            />
          )}
        </Field>
        <Field label={t("paste")}>
          {(p) => (
            <Textarea
              {...p}
              rows={5}
              value={csv}
              placeholder={t("example")}
              onChange={(e) => setCsv(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => dryRun.mutate(csv)} disabled={!csv.trim() || dryRun.isPending}>
          {dryRun.isPending ? t("checking") : t("check")}
        </Button>
        <Button
          variant="primary"
          onClick={() => run.mutate(csv)}
          disabled={!current || current.valid === 0 || run.isPending}
          title={current ? undefined : t("checkFirst")}
        >
          <Upload className="size-4" aria-hidden />
          {run.isPending
            ? t("importing")
            : current
              ? t("importValid", { count: current.valid })
              : t("import")}
        </Button>
      </div>
      {dryRun.error ? (
        <div role="alert" className="text-sm text-red-700 dark:text-red-300">
          <p>{dryRun.error.message}</p>
          <ul className="list-disc pl-5">
            {fileErrors.map((e, i) => (
              <li key={i}>
                {e.field} {e.message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {run.error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {run.error.message}
        </p>
      ) : null}
      {current ? (
        <div className="flex flex-col gap-2" aria-label={t("dryRunResult")}>
          <Summary r={current} />
          {current.errors.length > 0 ? (
            <Table>
              <caption className="sr-only">{t("rowsWithErrors")}</caption>
              <thead>
                <tr>
                  <Th>{t("columns.row")}</Th>
                  <Th>{t("columns.field")}</Th>
                  <Th>{t("columns.problem")}</Th>
                </tr>
              </thead>
              <tbody>
                {current.errors.map((e, i) => (
                  <tr key={i}>
                    <Td>{e.row}</Td>
                    <Td>
                      <code>{e.field}</code>
                    </Td>
                    <Td>{e.message}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          ) : null}
        </div>
      ) : null}
      {done ? <Summary r={done} /> : null}
    </Card>
  );
}
