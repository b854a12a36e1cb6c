"use client";
// CSV import of users: choose or paste a file, check it (a dry run: per-row errors, what would
// change, nothing written), then import the valid rows. Importing the same file again changes nothing.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Upload } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { ImportResult } from "@/lib/users/import";
import { ApiError, withQuery } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import { Card } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { USERS_KEY } from "./users-list";

const EXAMPLE =
  "id,email,phone,name,locale,timezone\nu-1001,ann@example.com,+15551234567,Ann Lee,en,Europe/Paris";

/** POSTs the CSV as text/csv (apiFetch sends JSON only). */
async function postImport(csv: string, dryRun: boolean): Promise<ImportResult> {
  const res = await fetch(withQuery("/api/v1/users/import", { dry_run: dryRun }), {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "text/csv", Accept: "application/json" },
    body: csv,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok)
    throw new ApiError(res.status, json?.message ?? `Request failed (${res.status})`, json?.errors ?? []);
  return json.data as ImportResult;
}

function Summary({ r }: { r: ImportResult }) {
  const verb = r.dry_run ? "would be" : "were";
  return (
    <p className="text-sm" role="status">
      {r.rows} rows: <strong>{r.created}</strong> {verb} created, <strong>{r.updated}</strong> {verb} updated,{" "}
      <strong>{r.unchanged}</strong> unchanged
      {r.skipped > 0 ? (
        <>
          , <strong className="text-red-700 dark:text-red-300">{r.skipped}</strong> with errors{" "}
          {r.dry_run ? "will be skipped" : "were skipped"}
        </>
      ) : null}
      .
    </p>
  );
}

export function ImportUsers() {
  const qc = useQueryClient();
  const [csv, setCsv] = useState("");
  const [checked, setChecked] = useState<{ csv: string; result: ImportResult } | null>(null);
  const [done, setDone] = useState<ImportResult | null>(null);
  const dryRun = useMutation({
    mutationFn: (text: string) => postImport(text, true),
    onSuccess: (result, text) => {
      setChecked({ csv: text, result });
      setDone(null);
    },
  });
  const run = useMutation({
    mutationFn: (text: string) => postImport(text, false),
    onSuccess: (result) => {
      setDone(result);
      setChecked(null);
      toast.success(`Imported: ${result.created} created, ${result.updated} updated`);
      qc.invalidateQueries({ queryKey: [USERS_KEY] });
    },
  });
  const fileErrors = dryRun.error instanceof ApiError ? dryRun.error.errors : [];
  const current = checked && checked.csv === csv ? checked.result : null;

  return (
    <Card className="flex flex-col gap-3">
      <div>
        <h2 className="font-semibold">Import users from CSV</h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Columns <code>id, email, phone, name, locale, timezone</code> (only id is required; an empty cell
          keeps the stored value). Check the file first: nothing is written until you import.
        </p>
      </div>
      <div className="grid gap-3 md:grid-cols-[16rem_1fr]">
        <Field label="CSV file">
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
        <Field label="Or paste CSV">
          {(p) => (
            <Textarea
              {...p}
              rows={5}
              value={csv}
              placeholder={EXAMPLE}
              onChange={(e) => setCsv(e.target.value)}
            />
          )}
        </Field>
      </div>
      <div className="flex flex-wrap gap-2">
        <Button onClick={() => dryRun.mutate(csv)} disabled={!csv.trim() || dryRun.isPending}>
          {dryRun.isPending ? "Checking…" : "Check file (dry run)"}
        </Button>
        <Button
          variant="primary"
          onClick={() => run.mutate(csv)}
          disabled={!current || current.valid === 0 || run.isPending}
          title={current ? undefined : "Check the file first"}
        >
          <Upload className="size-4" aria-hidden />
          {run.isPending ? "Importing…" : current ? `Import ${current.valid} valid rows` : "Import"}
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
        <div className="flex flex-col gap-2" aria-label="Dry run result">
          <Summary r={current} />
          {current.errors.length > 0 ? (
            <Table>
              <caption className="sr-only">Rows with errors</caption>
              <thead>
                <tr>
                  <Th>Row</Th>
                  <Th>Field</Th>
                  <Th>Problem</Th>
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
