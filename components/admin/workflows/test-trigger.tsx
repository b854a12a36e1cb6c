"use client";
// The editor's test run: pick one user, edit a sample payload (prefilled with every name the steps'
// Liquid reads), trigger the saved workflow for that user alone, and watch the run's timeline.
import { useMutation } from "@tanstack/react-query";
import { Play } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Field, Textarea } from "@/components/ui/field";
import { Card } from "@/components/ui/misc";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import type { UserJson } from "@/components/admin/shared/types";
import { UserSearch } from "@/components/admin/shared/user-search";
import { samplePayload, WORKFLOWS_API, type WorkflowJson } from "./model";
import { runsHref } from "./run-filters";
import { RunTimeline } from "./run-timeline";

type TriggerResult = { trigger_id: string; run_ids: string[] };

/** The payload text as an object, or what is wrong with it. */
function parsePayload(
  text: string,
  t: ReturnType<typeof useTranslations<"workflows.test">>,
): { payload: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === "" ? "{}" : text);
  } catch (err) {
    return { error: t("notJson", { reason: (err as Error).message }) };
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { error: t("notObject") };
  return { payload: value as Record<string, unknown> };
}

export function TestTrigger({ workflow, dirty }: { workflow: WorkflowJson; dirty: boolean }) {
  const t = useTranslations("workflows.test");
  const [user, setUser] = useState<UserJson | null>(null);
  const [text, setText] = useState(() => JSON.stringify(samplePayload(workflow.steps), null, 2));
  const [runId, setRunId] = useState<string | null>(null);
  const parsed = parsePayload(text, t);
  const run = useMutation({
    mutationFn: (body: { to: string[]; payload: Record<string, unknown> }) =>
      apiFetch<TriggerResult>(`${WORKFLOWS_API}/${encodeURIComponent(workflow.key)}/trigger`, {
        method: "POST",
        body,
      }),
    onSuccess: (r) => setRunId(r.run_ids[0] ?? null),
  });
  const error = run.error;
  const payloadError =
    "error" in parsed
      ? parsed.error
      : error instanceof ApiError
        ? error.errors
            .filter((e) => e.field === "payload" || e.field.startsWith("payload."))
            .map((e) => `${e.field}: ${e.message}`)
            .join("; ") || undefined
        : undefined;

  return (
    <div className="flex flex-col gap-4">
      <Card className="flex flex-col gap-4">
        <div>
          <h2 className="font-semibold">{t("title")}</h2>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            {t("intro", { version: workflow.version })}
            {dirty ? ` ${t("dirty")}` : null}
          </p>
        </div>
        {user ? (
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span>
              {t.rich("recipientIs", { user: user.user_id, strong: (chunks) => <strong>{chunks}</strong> })}
              <span className="ml-2 text-slate-500">
                {[user.name, user.email].filter(Boolean).join(" · ")}
              </span>
            </span>
            <Button size="sm" variant="ghost" onClick={() => setUser(null)}>
              {t("change")}
            </Button>
          </div>
        ) : (
          <UserSearch label={t("recipient")} chosen={new Set()} onPick={setUser} />
        )}
        <Field label={t("payload")} hint={t("payloadHint")} error={payloadError}>
          {(p) => (
            <Textarea
              {...p}
              rows={6}
              className="font-mono"
              spellCheck={false}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          )}
        </Field>
        {error && !payloadError ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {(error as Error).message}
          </p>
        ) : null}
        <div className="flex flex-wrap items-center gap-3">
          <Button
            disabled={!user || "error" in parsed || run.isPending}
            onClick={() => {
              if (user && "payload" in parsed) run.mutate({ to: [user.user_id], payload: parsed.payload });
            }}
          >
            <Play className="size-4" aria-hidden /> {run.isPending ? t("starting") : t("run")}
          </Button>
          <Link
            href={runsHref({ workflow: workflow.key })}
            className={cn("text-sm text-brand hover:underline dark:text-indigo-300", focusRing)}
          >
            {t("allRuns")}
          </Link>
        </div>
      </Card>
      {runId ? <RunTimeline key={runId} runId={runId} heading={t("title")} /> : null}
    </div>
  );
}
