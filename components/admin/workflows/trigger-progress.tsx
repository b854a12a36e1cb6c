"use client";
// One trigger's progress above its runs: a topic's fan-out writing runs in batches, live until it
// is over, and what the trigger was (workflow, version, topic, actor).
import { useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { Badge, Card, ErrorState } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import type { workflowTriggerDetailSchema } from "@/lib/workflows/runs";
import { formatTime, statusTone } from "@/components/admin/shared/format";

type Trigger = z.input<typeof workflowTriggerDetailSchema>;

/** How often a fan-out still writing runs is read again. */
const FANNING_OUT_MS = 1_000;

export function TriggerProgress({ id }: { id: string }) {
  const query = useQuery({
    queryKey: ["admin", "workflow-triggers", id],
    queryFn: () => apiFetch<Trigger>(`/api/v1/workflow-triggers/${encodeURIComponent(id)}`),
    refetchInterval: (q) => (q.state.data?.status === "fanning_out" ? FANNING_OUT_MS : false),
  });
  if (query.error) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const t = query.data;
  if (!t) return null;
  return (
    <Card role="region" aria-label="Trigger" className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
      <Badge tone={statusTone(t.status)} aria-label="Trigger status">
        {t.status}
      </Badge>
      <span>
        {t.workflow} v{t.version} {t.topic ? `→ topic ${t.topic}` : "→ a list of users"}
      </span>
      <span aria-label="Runs written">{t.runs_created.toLocaleString("en")} runs written</span>
      {t.actor_user_id ? (
        <span>
          by {t.actor_user_id}
          {t.exclude_actor ? " (excluded)" : ""}
        </span>
      ) : null}
      <span className="text-slate-500 dark:text-slate-400">
        {formatTime(t.created_at)}
        {t.completed_at ? ` – ${formatTime(t.completed_at)}` : ""}
      </span>
    </Card>
  );
}
