"use client";
// One trigger's progress above its runs: a topic's fan-out writing runs in batches, live until it
// is over, and what the trigger was (workflow, version, topic, actor).
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { z } from "zod";
import { Badge, Card, ErrorState } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import type { workflowTriggerDetailSchema } from "@/lib/workflows/runs";
import { statusTone } from "@/components/admin/shared/format";
import { useRunStatus } from "./labels";
import { useFormatTime } from "@/components/admin/shared/use-format";

type Trigger = z.input<typeof workflowTriggerDetailSchema>;

/** How often a fan-out still writing runs is read again. */
const FANNING_OUT_MS = 1_000;

export function TriggerProgress({ id }: { id: string }) {
  const tr = useTranslations("workflows.trigger");
  const formatTime = useFormatTime();
  const statusText = useRunStatus();
  const query = useQuery({
    queryKey: ["admin", "workflow-triggers", id],
    queryFn: () => apiFetch<Trigger>(`/api/v1/workflow-triggers/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.status === "fanning_out" ? FANNING_OUT_MS : false),
  });
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const t = query.data;
  if (!t) return null;
  return (
    <Card
      role="region"
      aria-label={tr("label")}
      className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm"
    >
      <Badge tone={statusTone(t.status)} aria-label={tr("statusLabel")}>
        {statusText(t.status)}
      </Badge>
      <span>
        {t.workflow} v{t.version} {t.topic ? tr("toTopic", { topic: t.topic }) : tr("toUsers")}
      </span>
      <span aria-label={tr("runsWrittenLabel")}>{tr("runsWritten", { count: t.runs_created })}</span>
      {t.actor_user_id ? (
        <span>
          {t.exclude_actor
            ? tr("byExcluded", { actor: t.actor_user_id })
            : tr("by", { actor: t.actor_user_id })}
        </span>
      ) : null}
      <span className="text-slate-500 dark:text-slate-400">
        {formatTime(t.created_at)}
        {t.completed_at ? ` – ${formatTime(t.completed_at)}` : ""}
      </span>
    </Card>
  );
}
