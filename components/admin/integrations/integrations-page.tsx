"use client";
// Provider accounts per channel: their failover order and health, create, edit, send a test
// message, delete.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import type { IntegrationTestResult } from "@/lib/integrations/provider";
import { isMobilePushProvider, type TestFailureCategory } from "@/lib/integrations/schema";

// The API says what kind of failure, never the provider's own words: these say it to a person.
const failureText: Record<TestFailureCategory, string> = {
  auth_failed: "the provider refused the credentials or sender.",
  unreachable: "the provider could not be reached or is busy.",
  rejected: "the provider refused the message or the destination.",
  address_refused: "the host is not allowed or resolves to a private address.",
  secrets_unreadable: "the stored secrets no longer decrypt: save them again.",
};
import { ApiError, apiFetch } from "@/lib/http/api-client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog, Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { Badge, Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { externalChannels as EXTERNAL_CHANNELS } from "@/lib/vocabulary/enums";
import { formatTime } from "../shared/format";
import { ChainEditor, type Chain } from "./chain-editor";
import { IntegrationForm, type Integration } from "./integration-form";
import { CHANNEL_LABELS, PROVIDERS, TEST_TARGET_HINT } from "./providers";

const KEY = ["integrations"];
const CHAINS_KEY = ["integrations", "chains"];
// The circuits change as deliveries go: the health shown follows them.
const CHAINS_REFRESH_MS = 10_000;

function TestDialog({ row, onClose }: { row: Integration | null; onClose: () => void }) {
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
      title={`Send a test through “${row?.name ?? ""}”`}
      footer={
        <>
          <Button onClick={close}>Close</Button>
          <Button variant="primary" disabled={!to.trim() || test.isPending} onClick={() => test.mutate()}>
            {test.isPending ? "Sending…" : "Send test"}
          </Button>
        </>
      }
    >
      <Field
        label="Send to"
        hint={row ? TEST_TARGET_HINT[row.channel] : undefined}
        error={err?.fieldError("to")}
      >
        {(p) => <Input {...p} value={to} onChange={(e) => setTo(e.target.value)} />}
      </Field>
      <Field
        label="Message (optional)"
        hint="Sent through this provider's real adapter, outside the failover chain"
        error={err?.fieldError("text")}
      >
        {(p) => <Input {...p} value={text} onChange={(e) => setText(e.target.value)} />}
      </Field>
      {result ? (
        result.ok ? (
          <p role="status" className="text-sm text-green-700 dark:text-green-300">
            Sent.{result.provider_message_id ? ` Provider message id: ${result.provider_message_id}` : ""}
          </p>
        ) : (
          <p role="alert" className="text-sm text-red-700 dark:text-red-300">
            Failed: {failureText[result.error]} ({result.error_code}
            {result.retryable ? ", may pass on a retry" : ""})
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
      toast.success(`${row.name} is now the default: first in the ${row.channel} failover order`);
      refresh();
    },
    onError: (e) => toast.error(e.message),
  });
  const remove = useMutation({
    mutationFn: (row: Integration) => apiFetch(`/api/v1/integrations/${row.id}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success("Integration deleted");
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
          <Plus className="size-4" aria-hidden /> Add a provider
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
                {CHANNEL_LABELS[channel]}
              </h2>
              {mine.length === 0 ? (
                <p className="text-sm text-slate-500 dark:text-slate-400">
                  No provider account: {channel} uses the server&apos;s environment settings, or the dev
                  outbox.
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
                            <Badge tone="indigo">{PROVIDERS[r.provider].label}</Badge>
                            {r.is_default ? <Badge tone="green">default</Badge> : null}
                            {isMobilePushProvider(r.provider) ? (
                              <Badge tone="blue">
                                {r.provider === "fcm" ? "Android/FCM devices" : "iOS devices"}
                              </Badge>
                            ) : null}
                            {r.is_active ? null : <Badge tone="amber">inactive</Badge>}
                          </div>
                          <dl className="grid grid-cols-[7rem_1fr] gap-x-2 text-xs">
                            {Object.entries(r.config).map(([k, v]) => (
                              <div key={k} className="contents">
                                <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
                                <dd className="break-all">{String(v)}</dd>
                              </div>
                            ))}
                            <dt className="text-slate-500 dark:text-slate-400">secrets</dt>
                            <dd>
                              {r.secrets_set.length ? `${r.secrets_set.join(", ")} (stored, hidden)` : "none"}
                            </dd>
                            <dt className="text-slate-500 dark:text-slate-400">updated</dt>
                            <dd>{formatTime(r.updated_at)}</dd>
                          </dl>
                          <div className="flex flex-wrap gap-2">
                            {r.is_default ? null : (
                              <Button
                                size="sm"
                                onClick={() => makeDefault.mutate(r)}
                                disabled={makeDefault.isPending}
                              >
                                Set default
                              </Button>
                            )}
                            <Button size="sm" onClick={() => setTesting(r)}>
                              Send test
                            </Button>
                            <Button size="sm" onClick={() => setEditing(r)}>
                              Edit
                            </Button>
                            <Button size="sm" variant="danger" onClick={() => setDeleting(r)}>
                              Delete
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
        title={editing === "new" ? "Add a provider" : `Edit “${editing?.name ?? ""}”`}
      >
        {editing !== null ? (
          <IntegrationForm
            key={editing === "new" ? "new" : editing.id}
            existing={editing === "new" ? undefined : editing}
            onCancel={() => setEditing(null)}
            onSaved={(row) => {
              toast.success(`${row.name} saved`);
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
        title={`Delete “${deleting?.name ?? ""}”?`}
        description="Its stored secrets go with it, and it leaves the channel's failover order. With no provider left in the order, messages use the environment's provider or the dev outbox."
      />
    </div>
  );
}
