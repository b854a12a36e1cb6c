"use client";
// A delivery's provider attempts, oldest first: which provider of the failover chain each went to
// and how it ended (loaded when the admin opens them); and a delivery on its own, for the log's
// rows that have no notification (an announcement's, a workflow step's).
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { z } from "zod";
import type { deliveryDetailSchema } from "@/lib/delivery/logs";
import { apiFetch } from "@/lib/http/api-client";
import { Badge, ErrorState, Skeleton } from "@/components/ui/misc";
import { DetailList, DetailRow } from "@/components/admin/shared/detail-list";
import { statusTone } from "@/components/admin/shared/format";
import { useLabels } from "@/components/admin/shared/labels";
import { useFormatTime } from "@/components/admin/shared/use-format";
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
  const t = useTranslations("logs.attempts");
  const labels = useLabels();
  const formatTime = useFormatTime();
  if (attempts.length === 0) {
    return <p className="text-slate-500 dark:text-slate-400">{t("none")}</p>;
  }
  return (
    <ol className="flex flex-col gap-1" aria-label={t("title")}>
      {attempts.map((a, i) => (
        <li key={i} className="flex flex-wrap items-baseline gap-2">
          <span className="w-6 text-slate-500">#{a.attempt}</span>
          <span className="font-medium">{a.provider}</span>
          <Badge tone={OUTCOME_TONE[a.outcome]}>{labels.outcome(a.outcome)}</Badge>
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
  const t = useTranslations("logs.attempts");
  const [open, setOpen] = useState(false);
  return (
    <details className="mt-2" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="cursor-pointer text-slate-600 dark:text-slate-300">{t("title")}</summary>
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
  const t = useTranslations("logs");
  const labels = useLabels();
  const formatTime = useFormatTime();
  const detail = useDelivery(deliveryId);
  if (detail.error) return <ErrorState error={detail.error} onRetry={() => detail.refetch()} />;
  if (!detail.data) return <Skeleton className="h-64" />;
  const { delivery: d, attempts } = detail.data;
  return (
    <div className="flex flex-col gap-5 text-sm">
      <DetailList>
        <DetailRow label={t("fields.status")}>
          <Badge tone={statusTone(d.status)}>{labels.status(d.status)}</Badge>
        </DetailRow>
        <DetailRow label={t("fields.channel")}>{labels.channel(d.channel)}</DetailRow>
        <DetailRow label={t("fields.user")}>{d.user_id}</DetailRow>
        <DetailRow label={t("fields.provider")}>{d.provider}</DetailRow>
        <DetailRow label={t("fields.to")}>{d.destination}</DetailRow>
        <DetailRow label={t("fields.reason")}>{d.reason}</DetailRow>
        <DetailRow label={t("fields.error")}>
          {d.last_error ? <span className="text-red-700 dark:text-red-300">{d.last_error}</span> : null}
        </DetailRow>
        <DetailRow label={t("fields.announcement")}>
          {d.announcement_id ? <code className="text-xs">{d.announcement_id}</code> : null}
        </DetailRow>
        <DetailRow label={t("fields.workflowRun")}>
          {d.workflow_run_id ? <code className="text-xs">{d.workflow_run_id}</code> : null}
        </DetailRow>
        <DetailRow label={t("fields.created")}>{formatTime(d.created_at)}</DetailRow>
      </DetailList>
      <section aria-label={t("attempts.title")}>
        <h3 className="mb-2 font-medium">{t("attempts.title")}</h3>
        <Attempts attempts={attempts} />
      </section>
    </div>
  );
}
