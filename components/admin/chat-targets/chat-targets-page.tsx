"use client";
// Chat targets: a tenant's named chat destinations (a team's channel) that sends and workflow chat
// steps address by key. Create (the webhook URL and secret are sealed and never shown again), list,
// delete with confirmation.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { MessageSquarePlus } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import type { z } from "zod";
import { chatTargetCreateSchema, type chatTargetSchema } from "@/lib/chat/schema";
import { apiFetch } from "@/lib/http/api-client";
import { chatProviders, type ChatProvider } from "@/lib/vocabulary/chat";
import { FailureMessage } from "@/components/admin/shared/failure-message";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { Badge, Card, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import { useFormatTime } from "@/components/admin/shared/use-format";

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
  const t = useTranslations("chatTargets");
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
    onSuccess: (target) => {
      toast.success(t("create.added", { name: target.name }));
      form.reset({ ...form.getValues(), key: "", name: "", webhook_url: "", channel: "", secret: "" });
      qc.invalidateQueries({ queryKey: KEYS });
    },
    onError: (e) => setApiErrors(e, form.setError),
  });
  const byChannel = provider === "slack" && via === "channel";
  return (
    <Card>
      <h2 className="mb-3 font-semibold">{t("create.title")}</h2>
      <form className="grid gap-4 md:grid-cols-3" onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <Field label={t("create.key")} error={errorAt(errors, "key")} hint={t("create.keyHint")}>
          {(p) => (
            <Input
              {...p}
              maxLength={100}
              placeholder={t("create.keyPlaceholder")}
              {...form.register("key")}
            />
          )}
        </Field>
        <Field label={t("create.name")} error={errorAt(errors, "name")}>
          {(p) => (
            <Input
              {...p}
              maxLength={100}
              placeholder={t("create.namePlaceholder")}
              {...form.register("name")}
            />
          )}
        </Field>
        <Field label={t("create.app")} error={errorAt(errors, "provider")}>
          {(p) => (
            <Select {...p} {...form.register("provider")}>
              {chatProviders.map((c) => (
                <option key={c} value={c}>
                  {t(`providers.${c}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {provider === "slack" ? (
          <Field label={t("create.sentBy")} hint={t("create.sentByHint")}>
            {(p) => (
              <Select {...p} {...form.register("via")}>
                <option value="webhook">{t("create.viaWebhook")}</option>
                <option value="channel">{t("create.viaBot")}</option>
              </Select>
            )}
          </Field>
        ) : null}
        {byChannel ? (
          <Field label={t("create.channel")} error={errorAt(errors, "channel")}>
            {(p) => (
              <Input {...p} placeholder={t("create.channelPlaceholder")} {...form.register("channel")} />
            )}
          </Field>
        ) : (
          <Field
            label={t("create.webhookUrl")}
            error={errorAt(errors, "webhook_url")}
            hint={t("create.webhookUrlHint")}
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
          <Field label={t("create.secret")} error={errorAt(errors, "secret")} hint={t("create.secretHint")}>
            {(p) => <Input {...p} type="password" autoComplete="off" {...form.register("secret")} />}
          </Field>
        ) : null}
        <div className="md:col-span-3">
          <Button type="submit" variant="primary" disabled={create.isPending}>
            <MessageSquarePlus className="size-4" aria-hidden />{" "}
            {create.isPending ? t("create.adding") : t("create.submit")}
          </Button>
          <FailureMessage error={create.error} className="mt-2" />
        </div>
      </form>
    </Card>
  );
}

export function ChatTargetsPage() {
  const tr = useTranslations("chatTargets");
  const formatTime = useFormatTime();
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
      toast.success(tr("list.deleted", { name: deleting?.name ?? "" }));
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
          {tr("title")}
        </h2>
        {targets.error ? (
          <ErrorState error={targets.error} onRetry={() => targets.refetch()} />
        ) : targets.isLoading ? (
          <Skeleton className="h-32" />
        ) : rows.length === 0 ? (
          <EmptyState title={tr("list.emptyTitle")}>{tr("list.emptyText")}</EmptyState>
        ) : (
          <Table>
            <caption className="sr-only">{tr("title")}</caption>
            <thead>
              <tr>
                <Th>{tr("list.columns.key")}</Th>
                <Th>{tr("list.columns.name")}</Th>
                <Th>{tr("list.columns.app")}</Th>
                <Th>{tr("list.columns.destination")}</Th>
                <Th>{tr("list.columns.created")}</Th>
                <Th>
                  <span className="sr-only">{tr("list.columns.actions")}</span>
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
                    <Badge tone="indigo">{tr(`providers.${t.provider}`)}</Badge>
                  </Td>
                  <Td>
                    {t.channel ? (
                      <span>
                        {tr.rich("list.slackBot", {
                          channel: t.channel,
                          code: (chunks) => <code className="text-xs">{chunks}</code>,
                        })}
                      </span>
                    ) : (
                      <span className="text-slate-500 dark:text-slate-400">
                        {t.secrets_set.includes("secret") ? tr("list.signedWebhook") : tr("list.webhook")}
                      </span>
                    )}
                  </Td>
                  <Td className="whitespace-nowrap">{formatTime(t.created_at)}</Td>
                  <Td className="text-right">
                    <Button
                      variant="danger"
                      size="sm"
                      onClick={() => setDeleting(t)}
                      aria-label={tr("list.deleteLabel", { name: t.name })}
                    >
                      {tr("list.delete")}
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
        title={tr("list.deleteTitle", { name: deleting?.name ?? "" })}
        description={tr("list.deleteText")}
        confirmLabel={tr("list.deleteConfirm")}
      />
    </div>
  );
}
