"use client";
// A delivery's provider attempts, oldest first: which provider of the failover chain each went to
// and how it ended (loaded when the admin opens them); and a delivery on its own, for the log's
// rows that have no notification (an announcement's, a workflow step's).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { z } from "zod";
import type { deliveryDetailSchema } from "@/lib/delivery/logs";
import { apiFetch } from "@/lib/http/api-client";
import { Badge, ErrorState, Skeleton } from "@/components/ui/misc";
import { DetailList, DetailRow } from "@/components/admin/shared/detail-list";
import { formatTime, statusTone } from "@/components/admin/shared/format";
import { LOG_LIVE_MS } from "./constants";

type DeliveryDetail = z.output<typeof deliveryDetailSchema>;
type Attempt = DeliveryDetail["attempts"][number];

const OUTCOME_TONE: Record<Attempt["outcome"], "green" | "amber" | "blue" | "red"> = {
  sent: "green",
  retry: "amber",
  failover: "blue",
  failed: "red",
  skipped: "amber",
};

const useDelivery = (deliveryId: string) =>
  useQuery({
    queryKey: ["delivery", deliveryId],
    queryFn: () => apiFetch<DeliveryDetail>(`/api/v1/deliveries/${deliveryId}`),
    refetchInterval: LOG_LIVE_MS,
  });

function AttemptList({ deliveryId }: { deliveryId: string }) {
  const detail = useDelivery(deliveryId);
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton className="h-12" />;
  return <Attempts attempts={detail.data.attempts} />;
}

function Attempts({ attempts }: { attempts: Attempt[] }) {
  if (attempts.length === 0) {
    return <p className="text-slate-500 dark:text-slate-400">No provider was called.</p>;
  }
  return (
    <ol className="flex flex-col gap-1" aria-label="Provider attempts">
      {attempts.map((a, i) => (
        <li key={i} className="flex flex-wrap items-baseline gap-2">
          <span className="w-6 text-slate-500">#{a.attempt}</span>
          <span className="font-medium">{a.provider}</span>
          <Badge tone={OUTCOME_TONE[a.outcome]}>{a.outcome}</Badge>
          <span className="text-xs text-slate-500 dark:text-slate-400">{formatTime(a.started_at)}</span>
          {a.error_code ? (
            <span className="text-xs break-all text-red-700 dark:text-red-300">
              {a.error_code}
              {a.error_message ? `: ${a.error_message}` : ""}
            </span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

export function DeliveryAttempts({ deliveryId }: { deliveryId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-2" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-slate-600 dark:text-slate-300">Provider attempts</summary>
      {open ? (
        <div className="mt-1">
          <AttemptList deliveryId={deliveryId} />
        </div>
      ) : null}
    </details>
  );
}

/** One delivery with its attempts: the drawer of a log row that has no notification. */
export function DeliveryDetailView({ deliveryId }: { deliveryId: string }) {
  const detail = useDelivery(deliveryId);
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton className="h-64" />;
  const { delivery: d, attempts } = detail.data;
  return (
    <div className="flex flex-col gap-5 text-sm">
      <DetailList>
        <DetailRow label="Status">
          <Badge tone={statusTone(d.status)}>{d.status}</Badge>
        </DetailRow>
        <DetailRow label="Channel">{d.channel}</DetailRow>
        <DetailRow label="User">{d.user_id}</DetailRow>
        <DetailRow label="Provider">{d.provider}</DetailRow>
        <DetailRow label="To">{d.destination}</DetailRow>
        <DetailRow label="Reason">{d.reason}</DetailRow>
        <DetailRow label="Error">
          {d.last_error ? <span className="text-red-700 dark:text-red-300">{d.last_error}</span> : null}
        </DetailRow>
        <DetailRow label="Announcement">
          {d.announcement_id ? <code className="text-xs">{d.announcement_id}</code> : null}
        </DetailRow>
        <DetailRow label="Workflow run">
          {d.workflow_run_id ? <code className="text-xs">{d.workflow_run_id}</code> : null}
        </DetailRow>
        <DetailRow label="Created">{formatTime(d.created_at)}</DetailRow>
      </DetailList>
      <section aria-label="Provider attempts">
        <h3 className="mb-2 font-medium">Provider attempts</h3>
        <Attempts attempts={attempts} />
      </section>
    </div>
  );
}
