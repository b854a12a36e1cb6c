"use client";
// Every saved version of a versioned resource (a template, a workflow), a line diff of one against
// the current version, and restore (which saves that content again as a new version, so the
// history never loses a step).
import { useMutation, useQuery } from "@tanstack/react-query";
import { diffLines } from "diff";
import { History, RotateCcw } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/dialog";
import { EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";

type Saved = { version: number; created_at: string };

/**
 * `versionsPath` lists the versions (`{versions}`, newest first); `${versionsPath}/{n}/restore`
 * restores one and answers the resource. `textOf` is what the diff compares.
 */
export function VersionHistory<C extends { version: number }, V extends Saved>({
  current,
  versionsPath,
  queryKey,
  textOf,
  dirty,
  onRestored,
  emptyHint,
}: {
  current: C;
  versionsPath: string;
  queryKey: readonly unknown[];
  textOf: (v: C | V) => string;
  dirty: boolean;
  onRestored: (c: C) => void;
  emptyHint: string;
}) {
  const t = useTranslations("console");
  const format = useFormatter();
  const versions = useQuery({
    queryKey: [...queryKey, current.version],
    queryFn: () => apiFetch<{ versions: V[] }>(versionsPath).then((r) => r.versions),
  });
  const [selected, setSelected] = useState<number | null>(null);
  const [confirming, setConfirming] = useState(false);
  const chosen =
    versions.data?.find((v) => v.version === selected) ??
    versions.data?.find((v) => v.version !== current.version);

  const restore = useMutation({
    mutationFn: (version: number) =>
      apiFetch<C>(`${versionsPath}/${version}/restore`, {
        method: "POST",
      }),
    onSuccess: (c, version) => {
      toast.success(t("versions.restored", { from: version, to: c.version }));
      setConfirming(false);
      setSelected(null);
      onRestored(c);
    },
    onError: (err) => toast.error(err instanceof Error ? err.message : t("versions.restoreFailed")),
  });

  if (versions.isPending) return <Skeleton className="h-48 w-full" />;
  if (versions.isError) return <ErrorState error={versions.error} onRetry={() => void versions.refetch()} />;
  if (versions.data.length <= 1) return <EmptyState title={t("versions.none")}>{emptyHint}</EmptyState>;

  return (
    <section aria-labelledby="history-heading" className="flex flex-col gap-3">
      <h2 id="history-heading" className="flex items-center gap-1.5 font-semibold">
        <History className="size-4" aria-hidden /> {t("versions.heading")}
      </h2>
      <ol className="flex max-h-56 flex-col gap-1 overflow-y-auto" aria-label={t("versions.list")}>
        {versions.data.map((v) => {
          const isCurrent = v.version === current.version;
          const isChosen = chosen?.version === v.version;
          return (
            <li key={v.version}>
              <button
                type="button"
                disabled={isCurrent}
                aria-pressed={isChosen}
                onClick={() => setSelected(v.version)}
                className={cn(
                  "flex w-full items-center justify-between gap-2 rounded-md px-2 py-1.5 text-left text-sm",
                  focusRing,
                  isChosen ? "bg-indigo-50 dark:bg-indigo-950" : "hover:bg-slate-100 dark:hover:bg-slate-800",
                  isCurrent && "cursor-default",
                )}
              >
                <span className="font-medium">
                  v{v.version}
                  {isCurrent ? (
                    <span className="ml-1 text-xs font-normal text-slate-500">{t("versions.current")}</span>
                  ) : null}
                </span>
                <time dateTime={v.created_at} className="text-xs text-slate-500 dark:text-slate-400">
                  {format.dateTime(new Date(v.created_at), { dateStyle: "medium", timeStyle: "medium" })}
                </time>
              </button>
            </li>
          );
        })}
      </ol>

      {chosen ? (
        <>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-sm text-slate-600 dark:text-slate-300">
              {t("versions.changes", { from: chosen.version, to: current.version })}
            </p>
            <Button size="sm" onClick={() => setConfirming(true)} disabled={restore.isPending}>
              <RotateCcw className="size-3.5" aria-hidden />{" "}
              {t("versions.restore", { version: chosen.version })}
            </Button>
          </div>
          <VersionDiff
            fromVersion={chosen.version}
            toVersion={current.version}
            from={textOf(chosen)}
            to={textOf(current)}
          />
          <ConfirmDialog
            open={confirming}
            onCancel={() => setConfirming(false)}
            onConfirm={() => restore.mutate(chosen.version)}
            busy={restore.isPending}
            title={t("versions.restoreTitle", { version: chosen.version })}
            confirmLabel={t("actions.restore")}
            description={
              dirty
                ? t("versions.restoreDirty", { version: chosen.version })
                : t("versions.restoreClean", { version: chosen.version })
            }
          />
        </>
      ) : null}
    </section>
  );
}

/** Unchanged runs longer than this are folded to their first and last CONTEXT lines. */
const CONTEXT = 2;

type DiffLine = { kind: "added" | "removed" | "same"; text: string } | { kind: "fold"; count: number };

function diffRows(from: string, to: string): DiffLine[] {
  const rows: DiffLine[] = [];
  for (const part of diffLines(from, to)) {
    const lines = part.value.replace(/\n$/, "").split("\n");
    const kind = part.added ? "added" : part.removed ? "removed" : "same";
    if (kind === "same" && lines.length > CONTEXT * 2 + 1) {
      rows.push(...lines.slice(0, CONTEXT).map((text) => ({ kind, text }) as DiffLine));
      rows.push({ kind: "fold", count: lines.length - CONTEXT * 2 });
      rows.push(...lines.slice(-CONTEXT).map((text) => ({ kind, text }) as DiffLine));
    } else rows.push(...lines.map((text) => ({ kind, text }) as DiffLine));
  }
  return rows;
}

function VersionDiff({
  fromVersion,
  toVersion,
  from,
  to,
}: {
  fromVersion: number;
  toVersion: number;
  from: string;
  to: string;
}) {
  const t = useTranslations("console.versions");
  const rows = useMemo(() => diffRows(from, to), [from, to]);
  if (!rows.some((r) => r.kind === "added" || r.kind === "removed"))
    return <p className="text-sm text-slate-600 dark:text-slate-300">{t("same")}</p>;
  return (
    <pre
      aria-label={t("diff", { from: fromVersion, to: toVersion })}
      className="max-h-96 overflow-auto rounded-md border border-slate-200 bg-slate-50 p-2 text-xs leading-5 dark:border-slate-700 dark:bg-slate-950"
    >
      {rows.map((r, i) =>
        r.kind === "fold" ? (
          <div key={i} className="px-1 text-slate-500 italic dark:text-slate-400">
            {t("folded", { count: r.count })}
          </div>
        ) : (
          <div
            key={i}
            className={cn(
              "px-1 whitespace-pre-wrap",
              r.kind === "added" && "bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-200",
              r.kind === "removed" && "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
            )}
          >
            <span aria-hidden className="mr-2 select-none">
              {r.kind === "added" ? "+" : r.kind === "removed" ? "−" : " "}
            </span>
            {r.kind !== "same" ? <span className="sr-only">{t(r.kind)}: </span> : null}
            {r.text}
          </div>
        ),
      )}
    </pre>
  );
}
