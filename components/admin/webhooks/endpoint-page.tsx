"use client";
// One outbound webhook endpoint: its settings and state, the same actions as the list, deletion, and
// its recent delivery attempts (newest first, refreshed while open) with a replay per message.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import type { webhookAttemptSchema, webhookMessageSchema } from "@/lib/outbound-webhooks/schema";
import { apiFetch } from "@/lib/http/api-client";
import { CursorTable } from "@/components/admin/shared/cursor-table";
import { DetailList, DetailRow } from "@/components/admin/shared/detail-list";
import { BackLink, PageError } from "@/components/admin/shared/page-parts";
import { useCursorList } from "@/components/admin/shared/use-cursor-list";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Badge, Card, Skeleton } from "@/components/ui/misc";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { statusTone } from "../shared/format";
import {
  ENDPOINTS_KEY,
  EndpointButtons,
  EndpointState,
  endpointPath,
  RotateDialog,
  SecretDialog,
  useEndpointActions,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from "./endpoint-actions";
import { EventTypes } from "./webhooks-page";

type Attempt = z.input<typeof webhookAttemptSchema>;
type WebhookMessage = z.input<typeof webhookMessageSchema>;

const column = createColumnHelper<Attempt>();

function AttemptStatus({ status }: { status: number | null }) {
  const t = useTranslations("webhooks.attempts");
  if (status === null) return <Badge tone="red">{t("noAnswer")}</Badge>;
  return <Badge tone={status >= 200 && status < 300 ? "green" : "red"}>{status}</Badge>;
}

function Attempts({ endpointId, enabled }: { endpointId: string; enabled: boolean }) {
  const t = useTranslations("webhooks.attempts");
  const formatTime = useFormatTime();
  const qc = useQueryClient();
  const path = `${endpointPath(endpointId)}/attempts`;
  // Polled: a test event or a replay shows up here once the worker has sent it.
  const list = useCursorList<Attempt, "attempts">(path, "attempts", {}, { refetchInterval: 3000 });
  const replay = useMutation({
    mutationFn: (messageId: string) =>
      apiFetch<WebhookMessage>(
        `${endpointPath(endpointId)}/messages/${encodeURIComponent(messageId)}/replay`,
        {
          method: "POST",
        },
      ),
    onSuccess: (m) => {
      toast.success(t("replayQueued", { id: m.id }));
      void qc.invalidateQueries({ queryKey: [path] });
    },
    onError: (e) => toast.error(e.message),
  });
  const columns = [
    column.accessor("created_at", {
      header: t("columns.sentAt"),
      cell: (c) => <span className="whitespace-nowrap">{formatTime(c.getValue())}</span>,
    }),
    column.accessor("event_type", {
      header: t("columns.event"),
      cell: (c) => <code className="text-xs">{c.getValue()}</code>,
    }),
    column.accessor("message_id", {
      header: t("columns.webhookId"),
      cell: (c) => <code className="text-xs break-all">{c.getValue()}</code>,
    }),
    column.accessor("attempt", { header: t("columns.attempt") }),
    column.accessor("response_status", {
      header: t("columns.response"),
      cell: (c) => (
        <span className="inline-flex items-center gap-1 whitespace-nowrap">
          <AttemptStatus status={c.getValue()} />
          <span className="text-xs text-slate-500 dark:text-slate-400">
            {t("duration", { ms: c.row.original.duration_ms })}
          </span>
        </span>
      ),
    }),
    column.accessor("error", {
      header: t("columns.error"),
      cell: (c) =>
        c.getValue() ? <span className="text-xs text-red-700 dark:text-red-300">{c.getValue()}</span> : "—",
    }),
    column.accessor("message_status", {
      header: t("columns.message"),
      cell: (c) => (
        <Badge tone={statusTone(c.getValue() === "succeeded" ? "sent" : c.getValue())}>
          {t(`messageStatus.${c.getValue()}`)}
        </Badge>
      ),
    }),
    column.display({
      id: "replay",
      header: () => <span className="sr-only">{t("columns.actions")}</span>,
      cell: (c) => (
        <Button
          size="sm"
          onClick={() => replay.mutate(c.row.original.message_id)}
          disabled={!enabled || replay.isPending}
          title={enabled ? undefined : t("enableToReplay")}
          aria-label={t("replayLabel", { id: c.row.original.message_id, attempt: c.row.original.attempt })}
        >
          {t("replay")}
        </Button>
      ),
    }),
  ];
  return (
    <section aria-labelledby="attempts-heading" className="flex flex-col gap-2">
      <h2 id="attempts-heading" className="font-semibold">
        {t("title")}
      </h2>
      <CursorTable
        list={list}
        caption={t("caption")}
        columns={columns}
        empty={{
          title: t("emptyTitle"),
          text: t("emptyText"),
        }}
      />
    </section>
  );
}

export function WebhookEndpointPage({ endpointId }: { endpointId: string }) {
  const t = useTranslations("webhooks");
  const formatTime = useFormatTime();
  const router = useRouter();
  const qc = useQueryClient();
  const [secret, setSecret] = useState<WebhookEndpointWithSecret | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState(false);
  const actions = useEndpointActions(setSecret);
  const endpoint = useQuery({
    queryKey: [...ENDPOINTS_KEY, endpointId],
    queryFn: () => apiFetch<WebhookEndpoint>(endpointPath(endpointId)),
  });
  const remove = useMutation({
    mutationFn: () => apiFetch<null>(endpointPath(endpointId), { method: "DELETE" }),
    onSuccess: () => {
      toast.success(t("endpoint.deleted"));
      void qc.invalidateQueries({ queryKey: ENDPOINTS_KEY });
      router.push("/admin/webhooks");
    },
    onError: (e) => toast.error(e.message),
  });
  if (endpoint.error) return <PageError error={endpoint.error} onRetry={() => endpoint.refetch()} />;
  const e = endpoint.data;
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div className="flex flex-col gap-1">
        <BackLink href="/admin/webhooks">{t("title")}</BackLink>
        <h1 className="text-2xl font-semibold">{t("endpoint.title")}</h1>
      </div>
      {!e ? (
        <Skeleton className="h-40" />
      ) : (
        <>
          <Card className="flex flex-col gap-4">
            <div className="flex flex-wrap items-start justify-between gap-3">
              <code className="text-sm break-all">{e.url}</code>
              <EndpointButtons endpoint={e} actions={actions} onRotate={setRotating} />
            </div>
            <DetailList className="text-sm">
              <DetailRow label={t("endpoint.state")}>
                <EndpointState endpoint={e} />
              </DetailRow>
              <DetailRow label={t("endpoint.events")}>
                <EventTypes types={e.event_types} />
              </DetailRow>
              <DetailRow label={t("endpoint.description")}>{e.description}</DetailRow>
              <DetailRow label={t("endpoint.lastSuccess")}>
                {e.last_success_at ? formatTime(e.last_success_at) : null}
              </DetailRow>
              <DetailRow label={t("endpoint.failingSince")}>
                {e.failing_since ? formatTime(e.failing_since) : null}
              </DetailRow>
              <DetailRow label={t("endpoint.previousSecret")}>
                {e.previous_secret_expires_at
                  ? t("endpoint.stillSigns", { time: formatTime(e.previous_secret_expires_at) })
                  : null}
              </DetailRow>
              <DetailRow label={t("endpoint.created")}>{formatTime(e.created_at)}</DetailRow>
            </DetailList>
            <div>
              <Button variant="danger" size="sm" onClick={() => setDeleting(true)}>
                {t("endpoint.delete")}
              </Button>
            </div>
          </Card>
          <Attempts endpointId={e.id} enabled={e.enabled} />
        </>
      )}
      <SecretDialog created={secret} title={t("secret.newTitle")} onClose={() => setSecret(null)} />
      <RotateDialog endpoint={rotating} actions={actions} onClose={() => setRotating(null)} />
      <ConfirmDialog
        open={deleting}
        onCancel={() => setDeleting(false)}
        onConfirm={() => remove.mutate()}
        busy={remove.isPending}
        title={t("endpoint.deleteTitle")}
        description={t("endpoint.deleteText")}
        confirmLabel={t("endpoint.delete")}
      />
    </main>
  );
}
