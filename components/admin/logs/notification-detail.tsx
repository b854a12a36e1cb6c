"use client";
// The drawer's content: one notification, its deliveries (one per external channel) with attempts,
// errors and provider ids, and a timeline of everything that happened to it.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { DeliveryJson } from "./types";
import type { NotificationJson } from "@/lib/notifications/serialize";
import { apiFetch } from "@/lib/http/api-client";
import { Badge, Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { LOG_LIVE_MS } from "./constants";
import { DeliveryAttempts } from "./delivery-attempts";
import { DetailList, DetailRow } from "@/components/admin/shared/detail-list";
import { statusTone } from "@/components/admin/shared/format";
import { useLabels } from "@/components/admin/shared/labels";
import { useFormatTime } from "@/components/admin/shared/use-format";

type Event = { at: string; label: string; tone: Parameters<typeof statusTone>[0] };
/** An action-button click as the audit log records it (notification.interacted). */
type ActionClick = { created_at: string; data: { action_id?: unknown } };
type Translate = ReturnType<typeof useTranslations<"logs.timeline">>;
type Labels = ReturnType<typeof useLabels>;

function timelineOf(
  n: NotificationJson,
  deliveries: DeliveryJson[],
  t: Translate,
  labels: Labels,
  clicks: ActionClick[] = [],
): Event[] {
  const events: (Event | null)[] = [
    { at: n.created_at, label: t("created"), tone: "queued" },
    n.scheduled_at ? { at: n.scheduled_at, label: t("scheduled"), tone: "pending" } : null,
    n.sent_at ? { at: n.sent_at, label: t("sent"), tone: "sent" } : null,
    n.seen_at ? { at: n.seen_at, label: t("seen"), tone: "sent" } : null,
    n.read_at ? { at: n.read_at, label: t("read"), tone: "delivered" } : null,
    n.archived_at ? { at: n.archived_at, label: t("archived"), tone: "skipped" } : null,
    n.snoozed_until ? { at: n.snoozed_until, label: t("snoozed"), tone: "pending" } : null,
    n.recalled_at ? { at: n.recalled_at, label: t("recalled"), tone: "recalled" } : null,
    n.interacted_at ? { at: n.interacted_at, label: t("interacted"), tone: "delivered" } : null,
    ...clicks.map((c): Event => ({
      at: c.created_at,
      label: t("actionClicked", { id: String(c.data.action_id) }),
      tone: "sent",
    })),
  ];
  for (const d of deliveries) {
    const channel = labels.channel(d.channel);
    const via = d.provider ? t("via", { channel, provider: d.provider }) : channel;
    const step = (what: string) => t("step", { via, what });
    events.push({ at: d.created_at, label: step(labels.status("queued")), tone: "queued" });
    if (d.deferred_until) events.push({ at: d.deferred_until, label: step(t("deferred")), tone: "pending" });
    if (d.sent_at) events.push({ at: d.sent_at, label: step(labels.status("sent")), tone: "sent" });
    if (d.delivered_at)
      events.push({ at: d.delivered_at, label: step(labels.status("delivered")), tone: "delivered" });
    if (d.failed_at)
      events.push({
        at: d.failed_at,
        label: step(labels.status(d.status === "bounced" ? "bounced" : "failed")),
        tone: "failed",
      });
    if (d.status === "skipped" || d.status === "cancelled")
      events.push({
        at: d.updated_at,
        label: step(
          d.reason
            ? t("withReason", { status: labels.status(d.status), reason: d.reason })
            : labels.status(d.status),
        ),
        tone: d.status,
      });
  }
  return events.filter((e): e is Event => e !== null).sort((a, b) => a.at.localeCompare(b.at));
}

export function NotificationDetail({ id }: { id: string }) {
  const t = useTranslations("logs");
  const timeline = useTranslations("logs.timeline");
  const labels = useLabels();
  const formatTime = useFormatTime();
  const notification = useQuery({
    queryKey: ["notification", id],
    queryFn: () =>
      apiFetch<{ notification: NotificationJson }>(`/api/v1/notifications/${id}`, {
        query: { scope: "tenant" },
      }),
    refetchInterval: LOG_LIVE_MS,
  });
  const deliveries = useQuery({
    queryKey: ["notification-deliveries", id],
    queryFn: () => apiFetch<{ deliveries: DeliveryJson[] }>(`/api/v1/notifications/${id}/deliveries`),
    refetchInterval: LOG_LIVE_MS,
  });
  const clicks = useQuery({
    queryKey: ["notification-action-clicks", id],
    queryFn: () =>
      apiFetch<{ entries: ActionClick[] }>("/api/v1/audit-log", {
        query: { action: "notification.interacted", target_type: "notification", target_id: id },
      }),
    refetchInterval: LOG_LIVE_MS,
  });
  if (notification.error)
    return <ErrorState error={notification.error} onRetry={() => notification.refetch()} />;
  const n = notification.data?.notification;
  if (!n) return <Skeleton className="h-64" />;
  const rows = deliveries.data?.deliveries ?? [];
  return (
    <div className="flex flex-col gap-5 text-sm">
      <section aria-label={t("notification")}>
        <p className="font-medium whitespace-pre-wrap">{n.title}</p>
        <p className="mt-1 whitespace-pre-wrap text-slate-600 dark:text-slate-300">{n.content}</p>
        <DetailList className="mt-3">
          <DetailRow label={t("fields.status")}>
            <Badge tone={statusTone(n.status)}>{labels.status(n.status)}</Badge>
          </DetailRow>
          <DetailRow label={t("fields.user")}>{n.user_id}</DetailRow>
          <DetailRow label={t("fields.typePriority")}>
            {labels.type(n.type)} · {labels.priority(n.priority)}
          </DetailRow>
          <DetailRow label={t("fields.channels")}>{labels.channels(n.channels)}</DetailRow>
          <DetailRow label={t("fields.template")}>{n.template_code}</DetailRow>
          <DetailRow label={t("fields.actions")}>
            {n.actions.length > 0
              ? n.actions.map((a) => `${a.label} (${a.id}${a.url ? ` → ${a.url}` : ""})`).join(", ")
              : null}
          </DetailRow>
          <DetailRow label={t("fields.image")}>{n.image_url}</DetailRow>
          <DetailRow label={t("fields.avatar")}>{n.avatar}</DetailRow>
          <DetailRow label={t("fields.notificationId")}>
            <code className="text-xs">{n.id}</code>
          </DetailRow>
          <DetailRow label={t("fields.batch")}>
            <code className="text-xs">{n.batch_id}</code>
          </DetailRow>
        </DetailList>
        <h3 className="mt-3 mb-1 font-medium">{t("fields.metadata")}</h3>
        <pre className="overflow-x-auto rounded bg-slate-100 p-2 text-xs dark:bg-slate-800">
          {JSON.stringify(n.metadata, null, 2)}
        </pre>
      </section>

      <section aria-label={t("tabs.deliveries")}>
        <h3 className="mb-2 font-medium">{t("tabs.deliveries")}</h3>
        {deliveries.isLoading ? <Skeleton className="h-20" /> : null}
        {!deliveries.isLoading && rows.length === 0 ? (
          <p className="text-slate-500 dark:text-slate-400">{t("inAppOnly")}</p>
        ) : null}
        <ul className="flex flex-col gap-2">
          {rows.map((d) => (
            <li key={d.id}>
              <Card className="p-3">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">{labels.channel(d.channel)}</span>
                  <Badge tone={statusTone(d.status)}>{labels.status(d.status)}</Badge>
                  <span className="text-slate-500 dark:text-slate-400">{d.provider ?? t("noProvider")}</span>
                </div>
                <DetailList className="mt-2">
                  <DetailRow label={t("fields.to")}>{d.destination}</DetailRow>
                  <DetailRow label={t("fields.attempts")}>{d.attempts}</DetailRow>
                  <DetailRow label={t("fields.reason")}>{d.reason}</DetailRow>
                  <DetailRow label={t("fields.error")}>
                    {d.last_error ? (
                      <span className="text-red-700 dark:text-red-300">{d.last_error}</span>
                    ) : null}
                  </DetailRow>
                  <DetailRow label={t("fields.providerMessageId")}>
                    {d.provider_message_id ? <code className="text-xs">{d.provider_message_id}</code> : null}
                  </DetailRow>
                </DetailList>
                <DeliveryAttempts deliveryId={d.id} />
              </Card>
            </li>
          ))}
        </ul>
      </section>

      <section aria-label={t("timeline.title")}>
        <h3 className="mb-2 font-medium">{t("timeline.title")}</h3>
        <ol className="relative flex flex-col gap-2 border-l border-slate-200 pl-4 dark:border-slate-700">
          {timelineOf(n, rows, timeline, labels, clicks.data?.entries).map((e, i) => (
            <li key={i} className="flex flex-wrap items-baseline gap-2">
              <Badge tone={statusTone(e.tone)}>{formatTime(e.at)}</Badge>
              <span>{e.label}</span>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
