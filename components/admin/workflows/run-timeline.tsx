"use client";
// One workflow run as a timeline: every step of its version in order, each with its status, times
// and outcome (the condition's answer, why it was skipped or failed, when a delay wakes, the
// notification and deliveries it wrote). Polls while the run is live; the test panel and the run
// explorer both show it.
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { z } from "zod";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge, Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import type { workflowRunDetailSchema } from "@/lib/workflows/runs";
import { isChannelStepType, stepChannel } from "@/lib/workflows/steps";
import { isLive } from "@/lib/vocabulary/workflow-run-status";
import { DetailList, DetailRow } from "@/components/admin/shared/detail-list";
import { statusTone } from "@/components/admin/shared/format";
import { Drawer } from "@/components/admin/logs/drawer";
import { NotificationDetail } from "@/components/admin/logs/notification-detail";
import { runsHref } from "./run-filters";
import { useRunStatus, useStepLabel } from "./labels";
import { useFormatTime } from "@/components/admin/shared/use-format";

export type RunDetail = z.input<typeof workflowRunDetailSchema>;
type RunStep = RunDetail["steps"][number];

export const RUNS_API = "/api/v1/workflow-runs";
/** A running run moves within a second; a waiting one only when its delay is over. */
const POLL_RUNNING_MS = 1_000;
const POLL_WAITING_MS = 5_000;

const linkClass = cn("text-brand hover:underline dark:text-indigo-300", focusRing);

/** What a step not yet executed is waiting for. */
function pendingStatus(run: RunDetail, index: number): string {
  if (!isLive(run.status)) return "not_run";
  if (index !== run.step_index) return "pending";
  return run.status;
}

function Outcome({ run, step, onOpen }: { run: RunDetail; step: RunStep; onOpen: (id: string) => void }) {
  const t = useTranslations("workflows.run");
  const formatTime = useFormatTime();
  const o = step.outcome;
  const channel = isChannelStepType(step.type) ? stepChannel[step.type] : null;
  const deliveries = o.delivery_ids?.length ?? 0;
  const logs = `/admin/logs?${new URLSearchParams({
    tab: "deliveries",
    user_id: run.user_id,
    ...(channel && channel !== "app" ? { channel } : {}),
  })}`;
  return (
    <ul className="flex flex-col gap-0.5 text-sm text-slate-600 dark:text-slate-300">
      {o.condition ? (
        <li>
          {t.rich("conditionWas", {
            value: String(o.condition.value),
            strong: (chunks) => <strong>{chunks}</strong>,
          })}
          {o.condition.error ? ` (${o.condition.error})` : null}
        </li>
      ) : null}
      {o.reason ? <li>{o.reason}</li> : null}
      {o.wake_at ? (
        <li>
          {t.rich("waitsUntil", {
            time: () => <time dateTime={o.wake_at!}>{formatTime(o.wake_at)}</time>,
          })}
        </li>
      ) : null}
      {o.notification_id ? (
        <li>
          <button
            type="button"
            className={linkClass}
            onClick={() => onOpen(o.notification_id!)}
            aria-label={t("notificationOf", { step: step.step_id })}
          >
            {t("notificationLink")}
          </button>
        </li>
      ) : null}
      {deliveries > 0 ? (
        <li>
          <Link href={logs} className={linkClass}>
            {t("deliveriesInLog", { count: deliveries })}
          </Link>
        </li>
      ) : null}
    </ul>
  );
}

export function RunTimeline({ runId, heading }: { runId: string; heading?: string }) {
  const t = useTranslations("workflows.run");
  const formatTime = useFormatTime();
  const statusText = useRunStatus();
  const label = useStepLabel();
  heading ??= t("heading");
  const [openId, setOpenId] = useState<string | null>(null);
  const query = useQuery({
    queryKey: ["admin", "workflow-run", runId],
    queryFn: () => apiFetch<RunDetail>(`${RUNS_API}/${runId}`),
    refetchInterval: (q) => {
      const status = q.state.data?.status;
      if (status === undefined) return POLL_RUNNING_MS;
      if (!isLive(status)) return false;
      return status === "waiting" ? POLL_WAITING_MS : POLL_RUNNING_MS;
    },
  });
  if (query.isPending) return <Skeleton className="h-48 w-full" />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const run = query.data;
  const executed = new Map(run.steps.map((s) => [s.step_index, s]));

  return (
    <section aria-label={`${heading} ${run.id}`} className="flex flex-col gap-3">
      <Card className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h3 className="font-semibold">{heading}</h3>
          <span role="status" aria-label={t("statusLabel")}>
            <Badge tone={statusTone(run.status)}>{statusText(run.status)}</Badge>
          </span>
        </div>
        <DetailList className="text-sm">
          <DetailRow label={t("workflow")}>
            <Link href={`/admin/workflows/${encodeURIComponent(run.workflow)}`} className={linkClass}>
              {run.workflow}
            </Link>{" "}
            <span className="text-slate-500">v{run.version}</span>
          </DetailRow>
          <DetailRow label={t("user")}>
            <Link href={`/admin/users/${encodeURIComponent(run.user_id)}`} className={linkClass}>
              {run.user_id}
            </Link>
          </DetailRow>
          <DetailRow label={t("actor")}>{run.actor_user_id}</DetailRow>
          <DetailRow label={t("triggered")}>
            {formatTime(run.created_at)}{" "}
            <Link href={runsHref({ trigger_id: run.trigger_id })} className={linkClass}>
              {t("allRunsOfTrigger")}
            </Link>
          </DetailRow>
          <DetailRow label={t("over")}>{run.completed_at ? formatTime(run.completed_at) : null}</DetailRow>
          {run.wake_at && isLive(run.status) ? (
            <DetailRow label={t("wakes")}>{formatTime(run.wake_at)}</DetailRow>
          ) : null}
          <DetailRow label={t("runId")}>
            <Link href={`/admin/workflows/runs/${run.id}`} className={cn(linkClass, "font-mono text-xs")}>
              {run.id}
            </Link>
          </DetailRow>
        </DetailList>
      </Card>

      <ol aria-label={t("timeline")} className="flex flex-col gap-2">
        {run.planned_steps.map((planned, i) => {
          const step = executed.get(i);
          const status = step?.status ?? pendingStatus(run, i);
          return (
            <li
              key={planned.id}
              aria-label={t("stepLabel", { n: i + 1, id: planned.id })}
              className="rounded-lg border border-slate-200 p-3 dark:border-slate-700"
            >
              <div className="flex flex-wrap items-center justify-between gap-2">
                <span className="font-medium">
                  {i + 1}. {label(planned.type)} <code className="text-xs text-slate-500">{planned.id}</code>
                </span>
                <Badge tone={statusTone(status)}>{statusText(status)}</Badge>
              </div>
              {step ? (
                <div className="mt-1 flex flex-col gap-1">
                  <p className="text-xs text-slate-500 dark:text-slate-400">
                    {t.rich("started", {
                      time: () => <time dateTime={step.started_at}>{formatTime(step.started_at)}</time>,
                    })}
                    {step.finished_at ? (
                      <>
                        {" · "}
                        {t.rich("finished", {
                          time: () => (
                            <time dateTime={step.finished_at!}>{formatTime(step.finished_at)}</time>
                          ),
                        })}
                      </>
                    ) : null}
                  </p>
                  <Outcome run={run} step={step} onOpen={setOpenId} />
                </div>
              ) : null}
            </li>
          );
        })}
      </ol>
      {run.steps.length === 0 && isLive(run.status) ? (
        <p className="text-sm text-slate-500">{t("firstQueued")}</p>
      ) : null}
      <div>
        <Button size="sm" variant="ghost" onClick={() => void query.refetch()}>
          {t("refresh")}
        </Button>
      </div>

      <Drawer open={openId !== null} onClose={() => setOpenId(null)} title={t("notificationDetails")}>
        {openId ? <NotificationDetail id={openId} /> : null}
      </Drawer>
    </section>
  );
}
