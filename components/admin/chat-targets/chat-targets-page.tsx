"use client";
// Chat targets: a tenant's named chat destinations (a team's channel) that sends and workflow chat
// steps address by key. Create (the webhook URL and secret are sealed and never shown again), list,
// delete with confirmation.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MessageSquarePlus } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { chatTargetCreateSchema, type chatTargetSchema } from "@/lib/chat/schema";
import { apiFetch } from "@/lib/http/api-client";
import { chatProviderLabel, chatProviders, type ChatProvider } from "@/lib/vocabulary/chat";
import { FailureMessage } from "@/components/admin/shared/failure-message";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge, Card, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { formatTime } from "../shared/format";

type ChatTarget = z.input<typeof chatTargetSchema>;

const KEYS = ["chat-targets"];

const WEBHOOK_PLACEHOLDER: Record<ChatProvider, string> = {
  slack: "https://hooks.slack.com/services/T…/B…/…",
  teams: "https://….webhook.office.com/webhookb2/…",
  dingtalk: "https://oapi.dingtalk.com/robot/send?access_token=…",
  wecom: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
  feishu: "https://open.feishu.cn/open-apis/bot/v2/hook/…",
};
const hasSecret = (p: ChatProvider) => p === "dingtalk" || p === "feishu";

type CreateForm = {
  key: string;
  name: string;
  provider: ChatProvider;
  /** Slack only: an incoming webhook, or a channel id sent by the tenant's Slack bot. */
  via: "webhook" | "channel";
  webhook_url: string;
  channel: string;
  secret: string;
};

function bodyOf(v: CreateForm) {
  const byChannel = v.provider === "slack" && v.via === "channel";
  return {
    key: v.key,
    name: v.name,
    provider: v.provider,
    ...(byChannel ? { channel: v.channel } : { webhook_url: v.webhook_url }),
    ...(hasSecret(v.provider) && v.secret ? { secret: v.secret } : {}),
  };
}

const resolver = requestResolver(chatTargetCreateSchema, bodyOf);

function CreateTargetForm() {
  const qc = useQueryClient();
  const form = useForm<CreateForm>({
    defaultValues: {
      key: "",
      name: "",
      provider: "slack",
      via: "webhook",
      webhook_url: "",
      channel: "",
      secret: "",
    },
    resolver,
  });
  const [provider, via] = useWatch({ control: form.control, name: ["provider", "via"] });
  const { errors } = form.formState;
  const create = useMutation({
    mutationFn: (v: CreateForm) =>
      apiFetch<ChatTarget>("/api/v1/chat-targets", { method: "POST", body: bodyOf(v) }),
    onSuccess: (t) => {
      toast.success(`Chat target “${t.name}” added`);
      form.reset({ ...form.getValues(), key: "", name: "", webhook_url: "", channel: "", secret: "" });
      qc.invalidateQueries({ queryKey: KEYS });
    },
    onError: (e) => setApiErrors(e, form.setError),
  });
  const byChannel = provider === "slack" && via === "channel";
  return (
    <Card>
      <h2 className="mb-3 font-semibold">Add a chat target</h2>
      <form className="grid gap-4 md:grid-cols-3" onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <Field label="Key" error={errorAt(errors, "key")} hint='What sends name: chat_targets: ["ops-room"]'>
          {(p) => <Input {...p} maxLength={100} placeholder="ops-room" {...form.register("key")} />}
        </Field>
        <Field label="Name" error={errorAt(errors, "name")}>
          {(p) => <Input {...p} maxLength={100} placeholder="#ops on Slack" {...form.register("name")} />}
        </Field>
        <Field label="App" error={errorAt(errors, "provider")}>
          {(p) => (
            <Select {...p} {...form.register("provider")}>
              {chatProviders.map((c) => (
                <option key={c} value={c}>
                  {chatProviderLabel[c]}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {provider === "slack" ? (
          <Field label="Sent by" hint="A channel id needs a Slack bot integration on the chat channel">
            {(p) => (
              <Select {...p} {...form.register("via")}>
                <option value="webhook">An incoming webhook</option>
                <option value="channel">The tenant&apos;s Slack bot</option>
              </Select>
            )}
          </Field>
        ) : null}
        {byChannel ? (
          <Field label="Channel id" error={errorAt(errors, "channel")}>
            {(p) => <Input {...p} placeholder="C0123456789" {...form.register("channel")} />}
          </Field>
        ) : (
          <Field
            label="Webhook URL"
            error={errorAt(errors, "webhook_url")}
            hint="A credential: stored encrypted, never shown again"
            className="md:col-span-2"
          >
            {(p) => (
              <Input
                {...p}
                type="password"
                autoComplete="off"
                placeholder={WEBHOOK_PLACEHOLDER[provider]}
                {...form.register("webhook_url")}
              />
            )}
          </Field>
        )}
        {hasSecret(provider) ? (
          <Field
            label="Signing secret (optional)"
            error={errorAt(errors, "secret")}
            hint="The robot's signature secret"
          >
            {(p) => <Input {...p} type="password" autoComplete="off" {...form.register("secret")} />}
          </Field>
        ) : null}
        <div className="md:col-span-3">
          <Button type="submit" variant="primary" disabled={create.isPending}>
            <MessageSquarePlus className="size-4" aria-hidden />{" "}
            {create.isPending ? "Adding…" : "Add chat target"}
          </Button>
          <FailureMessage error={create.error} className="mt-2" />
        </div>
      </form>
    </Card>
  );
}

export function ChatTargetsPage() {
  const qc = useQueryClient();
  const [deleting, setDeleting] = useState<ChatTarget | null>(null);
  const targets = useQuery({
    queryKey: KEYS,
    queryFn: () => apiFetch<{ chat_targets: ChatTarget[] }>("/api/v1/chat-targets"),
  });
  const remove = useMutation({
    mutationFn: (key: string) =>
      apiFetch<null>(`/api/v1/chat-targets/${encodeURIComponent(key)}`, { method: "DELETE" }),
    onSuccess: () => {
      toast.success(`Chat target “${deleting?.name ?? ""}” deleted`);
      setDeleting(null);
      qc.invalidateQueries({ queryKey: KEYS });
    },
    onError: (e) => toast.error(e.message),
  });
  const rows = targets.data?.chat_targets ?? [];
  return (
    <div className="flex flex-col gap-6">
      <CreateTargetForm />
      <section aria-labelledby="targets-heading" className="flex flex-col gap-2">
        <h2 id="targets-heading" className="font-semibold">
          Chat targets
        </h2>
        {targets.error ? (
          <ErrorState error={targets.error} onRetry={() => targets.refetch()} />
        ) : targets.isLoading ? (
          <Skeleton className="h-32" />
        ) : rows.length === 0 ? (
          <EmptyState title="No chat targets yet">
            Add a team&apos;s channel above; sends on the chat channel can then name it.
          </EmptyState>
        ) : (
          <Table>
            <caption className="sr-only">Chat targets</caption>
            <thead>
              <tr>
                <Th>Key</Th>
                <Th>Name</Th>
                <Th>App</Th>
                <Th>Destination</Th>
                <Th>Created</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr key={t.key}>
                  <Td>
                    <code className="text-xs">{t.key}</code>
                  </Td>
                  <Td className="font-medium">{t.name}</Td>
                  <Td>
                    <Badge tone="indigo">{chatProviderLabel[t.provider]}</Badge>
                  </Td>
                  <Td>
                    {t.channel ? (
                      <span>
                        Slack bot → <code className="text-xs">{t.channel}</code>
                      </span>
                    ) : (
                      <span className="text-slate-500 dark:text-slate-400">
                        {t.secrets_set.includes("secret") ? "Signed webhook (hidden)" : "Webhook (hidden)"}
                      </span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">{formatTime(t.created_at)}</Td>
                  <Td className="text-right">
                    <Button
                      variant="danger"
                      size="sm"
                      onClick={() => setDeleting(t)}
                      aria-label={`Delete ${t.name}`}
                    >
                      Delete
                    </Button>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </section>
      <ConfirmDialog
        open={deleting !== null}
        onCancel={() => setDeleting(null)}
        onConfirm={() => deleting && remove.mutate(deleting.key)}
        busy={remove.isPending}
        title={`Delete “${deleting?.name ?? ""}”?`}
        description="Sends that name its key are refused from now on; queued deliveries post to their other destinations only."
        confirmLabel="Delete chat target"
      />
    </div>
  );
}
