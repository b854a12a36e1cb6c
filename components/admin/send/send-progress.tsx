"use client";
// After a send: a bar while the rows are written (one request per 10,000 recipients), then the
// batch's delivery progress, polled from the batch summary (GET /api/v1/notifications/batches/:id)
// until nothing is left pending or in progress.
import { useMutation, useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Bar } from "@/components/ui/progress-bar";
import { ConfirmDialog } from "@/components/ui/dialog";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import type { BatchSummary } from "@/lib/notifications/lifecycle";
import type { SendResponseData } from "@/components/admin/shared/types";

const POLL_MS = 2_000;
const IDLE_MS = 15_000;
const COUNTED = ["pending", "processing", "sent", "failed"] as const;
type Counted = (typeof COUNTED)[number];
type BatchCounts = Record<Counted, number> & { other: number };

/** Cancels what is still pending of each batch; a batch with nothing left (409) counts as none. */
async function cancelBatches(batches: SendResponseData[]): Promise<number> {
  const results = await Promise.all(
    batches.map(async (b) => {
      try {
        const r = await apiFetch<{ cancelled: number }>(
          `/api/v1/notifications/batches/${encodeURIComponent(b.batch_id)}/cancel`,
          { method: "POST" },
        );
        return r.cancelled;
      } catch (err) {
        if (err instanceof ApiError && err.errorCode === "conflict") return 0;
        throw err;
      }
    }),
  );
  return results.reduce((n, x) => n + x, 0);
}

/** How many notifications of the batches are in each status (one summary request per batch). */
async function countBatches(batches: SendResponseData[]): Promise<BatchCounts> {
  const counts = { pending: 0, processing: 0, sent: 0, failed: 0, other: 0 };
  const summaries = await Promise.all(
    batches.map((b) =>
      apiFetch<BatchSummary>(`/api/v1/notifications/batches/${encodeURIComponent(b.batch_id)}`),
    ),
  );
  for (const { by_status } of summaries) {
    for (const [status, n] of Object.entries(by_status)) {
      if ((COUNTED as readonly string[]).includes(status)) counts[status as Counted] += n;
      else counts.other += n;
    }
  }
  return counts;
}

export function WriteProgress({ written, total }: { written: number; total: number }) {
  const t = useTranslations("send.progress");
  return (
    <div className="flex flex-col gap-1.5">
      <p className="text-sm font-medium" aria-live="polite">
        {written < total ? t("writing", { written, total }) : t("written", { total })}
      </p>
      <Bar
        label={t("writtenBar")}
        parts={[
          { value: written, className: "bg-brand" },
          { value: Math.max(0, total - written), className: "bg-transparent" },
        ]}
      />
    </div>
  );
}

export function DeliveryProgress({ batches }: { batches: SendResponseData[] }) {
  const t = useTranslations("send.progress");
  const format = useFormatter();
  const total = batches.reduce((n, b) => n + b.count, 0);
  const scheduledAt = batches[0]?.scheduled_at ?? null;
  const counts = useQuery({
    queryKey: ["send-progress", batches.map((b) => b.batch_id)],
    queryFn: () => countBatches(batches),
    refetchInterval: (q) => {
      const c = q.state.data;
      if (c && c.pending === 0 && c.processing === 0) return false;
      // Nothing moves before the scheduled time: check now and then until it is near.
      return scheduledAt && Date.parse(scheduledAt) - Date.now() > IDLE_MS ? IDLE_MS : POLL_MS;
    },
  });
  const c = counts.data;
  const done = c ? c.pending === 0 && c.processing === 0 : false;
  const [confirming, setConfirming] = useState(false);
  const cancel = useMutation({
    mutationFn: () => cancelBatches(batches),
    onSettled: () => {
      setConfirming(false);
      void counts.refetch();
    },
  });
  const cancellable = Boolean(c && c.pending > 0 && scheduledAt) && !cancel.isSuccess;
  return (
    <div className="flex flex-col gap-2" data-testid="delivery-progress">
      <p className="text-sm font-medium" aria-live="polite">
        {cancel.isSuccess
          ? t("cancelled", { count: cancel.data })
          : !c
            ? t("checking")
            : done
              ? c.failed
                ? t("doneWithFailed", { sent: c.sent, failed: c.failed })
                : t("done", { sent: c.sent })
              : c.pending > 0 && scheduledAt
                ? t("scheduledFor", {
                    time: format.dateTime(new Date(scheduledAt), {
                      dateStyle: "medium",
                      timeStyle: "medium",
                    }),
                  })
                : t("delivering", { done: c.sent + c.failed, total })}
      </p>
      <Bar
        label={t("deliveryBar")}
        parts={[
          { value: c?.sent ?? 0, className: "bg-green-600" },
          { value: c?.failed ?? 0, className: "bg-red-600" },
          { value: c?.processing ?? 0, className: "bg-amber-500" },
          { value: (c?.pending ?? total) + (c?.other ?? 0), className: "bg-slate-300 dark:bg-slate-600" },
        ]}
      />
      {c ? (
        <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs sm:grid-cols-4">
          {(
            [
              ["pending", c.pending],
              ["sending", c.processing],
              ["sent", c.sent],
              ["failed", c.failed],
            ] as const
          ).map(([key, n]) => (
            <div key={key} className="flex gap-1">
              <dt className="text-slate-500 dark:text-slate-400">{t(`counts.${key}`)}</dt>
              <dd className="font-medium tabular-nums" data-testid={`count-${key}`}>
                {format.number(n)}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {counts.error ? (
        <p role="alert" className="text-xs text-red-600">
          {counts.error.message}
        </p>
      ) : null}
      {cancel.error ? (
        <p role="alert" className="text-xs text-red-600">
          {cancel.error.message}
        </p>
      ) : null}
      {cancellable ? (
        <div>
          <Button variant="danger" size="sm" onClick={() => setConfirming(true)}>
            {t("cancelScheduled")}
          </Button>
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onCancel={() => setConfirming(false)}
        onConfirm={() => cancel.mutate()}
        busy={cancel.isPending}
        title={t("cancelTitle")}
        description={t("cancelText")}
        confirmLabel={t("cancelConfirm")}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">
        {t("batch", { ids: batches.map((b) => b.batch_id).join(", ") })}
      </p>
    </div>
  );
}
