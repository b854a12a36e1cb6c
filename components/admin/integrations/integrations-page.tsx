"use client";
// Provider accounts per channel: their failover order and health, create, edit, send a test
// message, delete.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { toast } from "sonner";
import type { IntegrationTestResult } from "@/lib/integrations/provider";
import { isMobilePushProvider, type TestFailureCategory } from "@/lib/integrations/schema";

import { ApiError, apiFetch } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { Badge, Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { externalChannels as EXTERNAL_CHANNELS } from "@/lib/vocabulary/enums";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { ChainEditor, type Chain } from "./chain-editor";
import { IntegrationForm, type Integration } from "./integration-form";

const KEY = ["integrations"];
const CHAINS_KEY = ["integrations", "chains"];
// The circuits change as deliveries go: the health shown follows them.
const CHAINS_REFRESH_MS = 10_000;

function TestDialog({ row, onClose }: { row: Integration | null; onClose: () => void }) {
  const t = useTranslations("integrations");
  const [to, setTo] = useState("");
  const [text, setText] = useState("");
  const test = useMutation({
    mutationFn: () =>
      apiFetch<IntegrationTestResult>(`/api/v1/integrations/${row!.id}/test`, {
        method: "POST",
        body: { to, ...(text.trim() ? { text } : {}) },
      }),
  });
  const err = test.error instanceof ApiError ? test.error : null;
  const close = () => {
    test.reset();
    setTo("");
    setText("");
    onClose();
  };
  const result = test.data;
  return (
    <Dialog
      open={row !== null}
      onClose={close}
      title={t("test.title", { name: row?.name ?? "" })}
      footer={
        <>
          <Button onClick={close}>{t("actions.close")}</Button>
          <Button variant="primary" disabled={!to.trim() || test.isPending} onClick={() => test.mutate()}>
            {test.isPending ? t("test.sending") : t("test.send")}
          </Button>
        </>
      }
    >
      <Field
        label={t("test.to")}
        hint={row ? t(`testTargetHint.${row.channel}`) : undefined}
        error={err?.fieldError("to")}
      >
        {(p) => <Input {...p} value={to} onChange={(e) => setTo(e.target.value)} />}
      </Field>
      <Field label={t("test.message")} hint={t("test.messageHint")} error={err?.fieldError("text")}>
        {(p) => <Input {...p} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      {result ? (
        result.ok ? (
          <p role="status" className="text-sm text-green-700 dark:text-green-300">
            {result.provider_message_id
              ? t("test.sentWithId", { id: result.provider_message_id })
              : t("test.sent")}
          </p>
        ) : (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            {t(result.retryable ? "test.failedRetryable" : "test.failed", {
              reason: t(`failure.${result.error satisfies TestFailureCategory}`),
              code: result.error_code,
            })}
          </p>
        )
      ) : null}
      {test.error && !err?.errors.length ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {test.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}

export function IntegrationsPage() {
  const t = useTranslations("integrations");
  const formatTime = useFormatTime();
  const qc = useQueryClient();
  const [editing, setEditing] = useState<Integration | "new" | null>(null);
  const [testing, setTesting] = useState<Integration | null>(null);
  const [deleting, setDeleting] = useState<Integration | null>(null);
  const list = useQuery({
    queryKey: KEY,
    queryFn: () => apiFetch<{ integrations: Integration[] }>("/api/v1/integrations"),
  });
  const chains = useQuery({
    queryKey: CHAINS_KEY,
    queryFn: () => apiFetch<{ chains: Chain[] }>("/api/v1/integrations/chains"),
    refetchInterval: CHAINS_REFRESH_MS,
  });
  // Both lists: the chain's order is also each integration's default flag.
  const refresh = () => qc.invalidateQueries({ queryKey: KEY });
  const makeDefault = useMutation({
    mutationFn: (row: Integration) =>
      apiFetch<Integration>(`/api/v1/integrations/${row.id}`, { method: "PUT", body: { is_default: true } }),
    onSuccess: (row) => {
      toast.success(t("page.nowDefault", { name: row.name, channel: t(`channels.${row.channel}`) }));
      refresh();
    },
    onError: (e) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (row: Integration) => apiFetch(`/api/v1/integrations/${row.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(t("page.deleted"));
      setDeleting(null);
      refresh();
    },
    onError: (e) => toast.error(e.message),
  });
  const rows = list.data?.integrations ?? [];

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Button variant="primary" onClick={() => setEditing("new")}>
          <Plus className="size-4" aria-hidden /> {t("page.add")}
        </Button>
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.isLoading ? (
        <Skeleton className="h-48" />
      ) : (
        EXTERNAL_CHANNELS.map((channel) => {
          const mine = rows.filter((r) => r.channel === channel);
          const chain = chains.data?.chains.find((c) => c.channel === channel);
          return (
            <section key={channel} aria-labelledby={`ch-${channel}`} className="flex flex-col gap-2">
              <h2 id={`ch-${channel}`} className="font-semibold">
                {t(`channels.${channel}`)}
              </h2>
              {mine.length === 0 ? (
                <p className="text-sm text-slate-500 dark:text-slate-400">
                  {t("page.noProvider", { channel })}
                </p>
              ) : (
                <>
                  {chain ? (
                    <ChainEditor
                      chain={chain}
                      // Mobile senders reach their platform's devices beside the chain, never in it.
                      integrations={mine.filter((r) => !isMobilePushProvider(r.provider))}
                      onChanged={refresh}
                    />
                  ) : null}
                  <ul className="grid gap-3 md:grid-cols-2">
                    {mine.map((r) => (
                      <li key={r.id}>
                        <Card className="flex flex-col gap-2">
                          <div className="flex flex-wrap items-center gap-2">
                            <span className="font-medium">{r.name}</span>
                            <Badge tone="indigo">{t(`providers.${r.provider}.label`)}</Badge>
                            {r.is_default ? <Badge tone="green">{t("page.default")}</Badge> : null}
                            {isMobilePushProvider(r.provider) ? (
                              <Badge tone="blue">
                                {r.provider === "fcm" ? t("page.fcmDevices") : t("page.iosDevices")}
                              </Badge>
                            ) : null}
                            {r.is_active ? null : <Badge tone="amber">{t("page.inactive")}</Badge>}
                          </div>
                          <dl className="grid grid-cols-[7rem_1fr] gap-x-2 text-xs">
                            {Object.entries(r.config).map(([k, v]) => (
                              <div key={k} className="contents">
                                <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
                                <dd className="break-all">{String(v)}</dd>
                              </div>
                            ))}
                            <dt className="text-slate-500 dark:text-slate-400">{t("page.secrets")}</dt>
                            <dd>
                              {r.secrets_set.length
                                ? t("page.secretsStored", { names: r.secrets_set.join(", ") })
                                : t("page.secretsNone")}
                            </dd>
                            <dt className="text-slate-500 dark:text-slate-400">{t("page.updated")}</dt>
                            <dd>{formatTime(r.updated_at)}</dd>
                          </dl>
                          <div className="flex flex-wrap gap-2">
                            {r.is_default ? null : (
                              <Button
                                size="sm"
                                onClick={() => makeDefault.mutate(r)}
                                disabled={makeDefault.isPending}
                              >
                                {t("page.setDefault")}
                              </Button>
                            )}
                            <Button size="sm" onClick={() => setTesting(r)}>
                              {t("test.send")}
                            </Button>
                            <Button size="sm" onClick={() => setEditing(r)}>
                              {t("actions.edit")}
                            </Button>
                            <Button size="sm" variant="danger" onClick={() => setDeleting(r)}>
                              {t("actions.delete")}
                            </Button>
                          </div>
                        </Card>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </section>
          );
        })
      )}
      <Dialog
        open={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === "new" ? t("page.add") : t("page.editTitle", { name: editing?.name ?? "" })}
      >
        {editing !== null ? (
          <IntegrationForm
            key={editing === "new" ? "new" : editing.id}
            existing={editing === "new" ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSaved={(row) => {
              toast.success(t("page.saved", { name: row.name }));
              setEditing(null);
              refresh();
            }}
          />
        ) : null}
      </Dialog>
      <TestDialog row={testing} onClose={() => setTesting(null)} />
      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting)}
        busy={remove.isPending}
        title={t("page.deleteTitle", { name: deleting?.name ?? "" })}
        description={t("page.deleteText")}
      />
    </div>
  );
}
