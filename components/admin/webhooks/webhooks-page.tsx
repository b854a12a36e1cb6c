"use client";
// Outbound webhooks: register an endpoint (its signing secret shown once), list the tenant's
// endpoints with their event types and state, and act on each; an endpoint's page shows its attempts.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Webhook } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { webhookEndpointCreateSchema } from "@/lib/outbound-webhooks/schema";
import { apiFetch } from "@/lib/http/api-client";
import { webhookEventTypes, type WebhookEventType } from "@/lib/vocabulary/webhook-events";
import { DataTable } from "@/components/admin/shared/data-table";
import { FailureMessage } from "@/components/admin/shared/failure-message";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { Button, focusRing } from "@/components/ui/button";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { Field, Input } from "@/components/ui/field";
import { Badge, Card, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { useFormatTime } from "@/components/admin/shared/use-format";
import {
  ENDPOINTS_KEY,
  EndpointButtons,
  EndpointState,
  RotateDialog,
  SecretDialog,
  useEndpointActions,
  type WebhookEndpoint,
  type WebhookEndpointWithSecret,
} from "./endpoint-actions";

export type EndpointForm = {
  url: string;
  description: string;
  /** Every type, present and future (the API's `event_types: null`). */
  all_events: boolean;
  event_types: WebhookEventType[];
};

/** The create request the form makes: the "every event type" box is the API's `event_types: null`. */
export function endpointBodyOf(v: EndpointForm) {
  return { url: v.url, description: v.description, event_types: v.all_events ? null : v.event_types };
}

export const endpointResolver = requestResolver(webhookEndpointCreateSchema, endpointBodyOf);

function CreateEndpointForm({ onCreated }: { onCreated: (c: WebhookEndpointWithSecret) => void }) {
  const t = useTranslations("webhooks.create");
  const events = useTranslations("webhooks.events");
  const qc = useQueryClient();
  const form = useForm<EndpointForm>({
    defaultValues: { url: "", description: "", all_events: true, event_types: [] },
    resolver: endpointResolver,
  });
  const [allEvents, eventTypes] = useWatch({ control: form.control, name: ["all_events", "event_types"] });
  const { errors, isSubmitted } = form.formState;
  const create = useMutation({
    mutationFn: (v: EndpointForm) =>
      apiFetch<WebhookEndpointWithSecret>("/api/v1/webhook-endpoints", {
        method: "POST",
        body: endpointBodyOf(v),
      }),
    onSuccess: (created) => {
      form.reset();
      void qc.invalidateQueries({ queryKey: ENDPOINTS_KEY });
      onCreated(created);
    },
    onError: (e) => setApiErrors(e, form.setError),
  });
  return (
    <Card>
      <h2 className="mb-3 font-semibold">{t("title")}</h2>
      <form className="grid gap-4 md:grid-cols-2" onSubmit={form.handleSubmit((v) => create.mutate(v))}>
        <Field label={t("url")} error={errorAt(errors, "url")} hint={t("urlHint")}>
          {(p) => (
            <Input
              {...p}
              type="url"
              inputMode="url"
              autoComplete="off"
              placeholder={t("urlPlaceholder")}
              {...form.register("url")}
            />
          )}
        </Field>
        <Field label={t("description")} error={errorAt(errors, "description")}>
          {(p) => <Input {...p} maxLength={500} {...form.register("description")} />}
        </Field>
        <div className="flex flex-col gap-2 md:col-span-2">
          <label className="inline-flex items-center gap-1.5 text-sm">
            <input type="checkbox" className="size-4 accent-brand" {...form.register("all_events")} />
            {t("allEvents")}
          </label>
          {allEvents ? null : (
            <CheckboxGroup
              legend={t("eventTypes")}
              options={webhookEventTypes}
              value={eventTypes}
              onChange={(types) => form.setValue("event_types", types, { shouldValidate: isSubmitted })}
              error={errorAt(errors, "event_types")}
              label={(type) => (
                <span title={events(type)}>
                  <code className="text-xs">{type}</code>
                </span>
              )}
            />
          )}
        </div>
        <div className="md:col-span-2">
          <Button type="submit" variant="primary" disabled={create.isPending}>
            <Webhook className="size-4" aria-hidden /> {create.isPending ? t("adding") : t("add")}
          </Button>
          <FailureMessage error={create.error} className="mt-2" />
        </div>
      </form>
    </Card>
  );
}

export function EventTypes({ types }: { types: readonly string[] | null }) {
  const t = useTranslations("webhooks.list");
  if (types === null) return <span className="text-slate-600 dark:text-slate-300">{t("allEvents")}</span>;
  return (
    <div className="flex flex-wrap gap-1">
      {types.map((type) => (
        <Badge key={type} tone="indigo">
          {type}
        </Badge>
      ))}
    </div>
  );
}

const column = createColumnHelper<WebhookEndpoint>();

export function WebhooksPage() {
  const t = useTranslations("webhooks");
  const formatTime = useFormatTime();
  const [secret, setSecret] = useState<{ created: WebhookEndpointWithSecret; title: string } | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);
  const actions = useEndpointActions((created) => setSecret({ created, title: t("secret.newTitle") }));
  const endpoints = useQuery({
    queryKey: ENDPOINTS_KEY,
    queryFn: () => apiFetch<{ endpoints: WebhookEndpoint[] }>("/api/v1/webhook-endpoints"),
  });
  const columns = [
    column.accessor("url", {
      header: t("list.columns.url"),
      cell: (c) => (
        <div className="flex flex-col gap-0.5">
          <Link
            href={`/admin/webhooks/${c.row.original.id}`}
            className={`font-medium break-all text-brand hover:underline dark:text-indigo-300 ${focusRing}`}
          >
            {c.getValue()}
          </Link>
          {c.row.original.description ? (
            <span className="text-xs text-slate-500 dark:text-slate-400">{c.row.original.description}</span>
          ) : null}
        </div>
      ),
    }),
    column.accessor("event_types", {
      header: t("list.columns.events"),
      cell: (c) => <EventTypes types={c.getValue()} />,
    }),
    column.display({
      id: "state",
      header: t("list.columns.state"),
      cell: (c) => <EndpointState endpoint={c.row.original} />,
    }),
    column.accessor("last_success_at", {
      header: t("list.columns.lastSuccess"),
      cell: (c) => <span className="whitespace-nowrap">{formatTime(c.getValue())}</span>,
    }),
    column.display({
      id: "actions",
      header: () => <span className="sr-only">{t("list.columns.actions")}</span>,
      cell: (c) => <EndpointButtons endpoint={c.row.original} actions={actions} onRotate={setRotating} />,
    }),
  ];
  const rows = endpoints.data?.endpoints ?? [];
  return (
    <div className="flex flex-col gap-6">
      <CreateEndpointForm onCreated={(created) => setSecret({ created, title: t("secret.createdTitle") })} />
      <section aria-labelledby="endpoints-heading" className="flex flex-col gap-2">
        <h2 id="endpoints-heading" className="font-semibold">
          {t("list.title")}
        </h2>
        {endpoints.error ? (
          <ErrorState error={endpoints.error} onRetry={() => endpoints.refetch()} />
        ) : endpoints.isLoading ? (
          <Skeleton className="h-32" />
        ) : rows.length === 0 ? (
          <EmptyState title={t("list.emptyTitle")}>{t("list.emptyText")}</EmptyState>
        ) : (
          <DataTable caption={t("list.caption")} data={rows} columns={columns} />
        )}
      </section>
      <SecretDialog
        created={secret?.created ?? null}
        title={secret?.title ?? ""}
        onClose={() => setSecret(null)}
      />
      <RotateDialog endpoint={rotating} actions={actions} onClose={() => setRotating(null)} />
    </div>
  );
}
