"use client";
// The console's send composer: recipients, a template with params or raw content, channels, type,
// priority, metadata and schedule; a preview for one recipient; then POST /api/v1/notifications
// in requests of at most 10,000 recipients, each with an Idempotency-Key derived from this
// compose's, so a double click or a retry after a dropped connection never sends twice.
import { useQuery } from "@tanstack/react-query";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useForm, useWatch, type Path, type PathValue } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { Card } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import {
  notificationChannels,
  notificationPriorities,
  notificationTypes,
  type NotificationChannel,
} from "@/lib/vocabulary/enums";
import { apiFetch } from "@/lib/http/api-client";
import { useLabels } from "@/components/admin/shared/labels";
import { CheckboxGroup } from "@/components/ui/checkbox-group";
import { errorAt, setApiErrors } from "@/components/admin/shared/form-errors";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { sendSchema } from "@/lib/notifications/schema";
import { MAX_NOTIFICATION_CONTENT, MAX_NOTIFICATION_TITLE } from "@/lib/vocabulary/limits";
import { paramValue } from "@/components/admin/shared/param-value";
import { RecipientPicker } from "./recipient-picker";
import {
  CHUNK_SIZE,
  chunk,
  chunkKey,
  localToRfc3339,
  parseMetadata,
} from "@/components/admin/shared/recipients";
import { SendPreview } from "./send-preview";
import { DeliveryProgress, WriteProgress } from "./send-progress";
import { useNow } from "@/components/admin/shared/use-now";
import type { SendResponseData, TemplateJson, TemplatePage } from "@/components/admin/shared/types";

type Mode = "raw" | "template";

/** The composer's inputs; bodyOf turns them into the request the API validates (sendSchema). */
type Compose = {
  user_ids: string[];
  mode: Mode;
  template_code: string;
  params: Record<string, string>;
  title: string;
  content: string;
  /** "" in template mode: the template's own. */
  type: string;
  priority: string;
  channels: NotificationChannel[];
  /** Chat target keys, separated by commas or spaces (sent with the chat channel only). */
  chat_targets: string;
  /** The metadata editor's text. */
  metadata: string;
  is_scheduled: boolean;
  /** A datetime-local value in the admin's zone. */
  schedule_at: string;
};

const DEFAULTS: Compose = {
  user_ids: [],
  mode: "raw",
  template_code: "",
  params: {},
  title: "",
  content: "",
  type: "info",
  priority: "normal",
  channels: ["app"],
  chat_targets: "",
  metadata: "{}",
  is_scheduled: false,
  schedule_at: "",
};

function chatTargetsOf(v: Compose): { chat_targets?: string[] } {
  const keys = v.chat_targets.split(/[\s,]+/).filter(Boolean);
  return v.channels.includes("chat") && keys.length > 0 ? { chat_targets: keys } : {};
}

function bodyOf(v: Compose) {
  const metadata = parseMetadata(v.metadata);
  const scheduleAt = v.is_scheduled ? localToRfc3339(v.schedule_at) : null;
  const params: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v.params)) if (value.trim() !== "") params[k] = paramValue(value);
  return {
    user_ids: v.user_ids,
    ...(v.mode === "template"
      ? { template_code: v.template_code || undefined, params, ...(v.type ? { type: v.type } : {}) }
      : { title: v.title, content: v.content, type: v.type }),
    priority: v.priority,
    channels: v.channels,
    ...chatTargetsOf(v),
    metadata: "value" in metadata ? metadata.value : {},
    ...(scheduleAt ? { schedule_at: scheduleAt } : {}),
  };
}

/**
 * The API's own rules (sendSchema) over the request these inputs make, plus what only the form
 * knows: which template is chosen and its required params, whether the metadata text is JSON and
 * a time is chosen.
 */
type FormMessages = {
  chooseTemplate: string;
  required: string;
  chooseTime: string;
  metadata: (m: Extract<ReturnType<typeof parseMetadata>, { error: string }>) => string;
};

const resolverFor = (template: TemplateJson | null, messages: FormMessages) =>
  requestResolver<Compose>(sendSchema, bodyOf, (values, add, drop) => {
    if (values.mode === "template") {
      // A template send needs no title or content of its own.
      for (const field of ["title", "content", "type"] as const) drop(field);
      if (!template) add("template_code", messages.chooseTemplate);
      for (const v of template?.variables ?? [])
        if (v.required && v.default === undefined && !values.params[v.name]?.trim())
          add(`params.${v.name}`, messages.required);
    }
    const metadata = parseMetadata(values.metadata);
    if ("error" in metadata) add("metadata", messages.metadata(metadata));
    if (values.is_scheduled && !localToRfc3339(values.schedule_at)) add("schedule_at", messages.chooseTime);
  });

// The browser's time zone, read after hydration (the server renders without one).
const noSubscribe = () => () => {};
const useTimeZone = () =>
  useSyncExternalStore(
    noSubscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );

export function SendComposer({ composeKey, onReset }: { composeKey: string; onReset: () => void }) {
  const t = useTranslations("send.composer");
  const c = useTranslations("console");
  const labels = useLabels();
  const format = useFormatter();
  const channelList = labels.channels;
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" });
  const metadataMessage: FormMessages["metadata"] = (m) =>
    m.reason === "syntax" ? c("json.invalid", { message: m.detail ?? "" }) : c("json.notObject");
  const messages: FormMessages = {
    chooseTemplate: t("chooseTemplate"),
    required: t("isRequired"),
    chooseTime: t("chooseTime"),
    metadata: metadataMessage,
  };
  const timeZone = useTimeZone();
  const templates = useQuery({
    queryKey: ["templates", "active"],
    queryFn: () =>
      apiFetch<TemplatePage>("/api/v1/notifications/templates", {
        query: { is_active: true, page_size: 100 },
      }),
  });
  // The chosen template is read by the resolver, which the form calls with the latest one.
  const templateRef = useRef<TemplateJson | null>(null);
  const form = useForm<Compose>({
    defaultValues: DEFAULTS,
    resolver: (values, context, options) =>
      resolverFor(templateRef.current, messages)(values, context, options),
  });
  const { register, control, setValue, getValues, clearErrors, setError, handleSubmit } = form;
  const { errors } = form.formState;
  const [mode, templateCode, params, title, content, channels, metadataText, isScheduled, scheduleLocal] =
    useWatch({
      control,
      name: [
        "mode",
        "template_code",
        "params",
        "title",
        "content",
        "channels",
        "metadata",
        "is_scheduled",
        "schedule_at",
      ],
    });
  const recipients = useWatch({ control, name: "user_ids" });
  const [confirming, setConfirming] = useState(false);
  const [written, setWritten] = useState<number | null>(null);
  const [batches, setBatches] = useState<SendResponseData[]>([]);
  const [isDone, setIsDone] = useState(false);
  const inFlight = useRef(false);
  const now = useNow(isScheduled);

  const template: TemplateJson | null =
    templates.data?.templates.find((x) => x.code === templateCode) ?? null;
  useEffect(() => {
    templateRef.current = template;
  }, [template]);
  const metadata = useMemo(() => parseMetadata(metadataText), [metadataText]);
  const scheduleAt = isScheduled ? localToRfc3339(scheduleLocal) : null;
  const sentParams = useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) if (v.trim() !== "") out[k] = paramValue(v);
    return out;
  }, [params]);
  const isSending = written !== null && !isDone;
  const isLocked = isSending || isDone;

  function chooseTemplate(code: string) {
    setValue("template_code", code, { shouldValidate: form.formState.isSubmitted });
    setValue("params", {});
    const chosen = templates.data?.templates.find((x) => x.code === code);
    // A template send goes out on the template's channels unless the admin changes them.
    if (chosen) setValue("channels", chosen.channels as NotificationChannel[]);
  }

  const review = handleSubmit(
    () => setConfirming(true),
    () => {
      toast.error(t("checkFields"));
    },
  );

  async function send() {
    // A second click while the first is in flight does nothing; a retry reuses the same keys.
    if (inFlight.current) return;
    inFlight.current = true;
    setConfirming(false);
    const base = bodyOf(getValues());
    const parts = chunk(recipients);
    // Chunks already written (a retry after a failure) are replayed by their keys, not sent again.
    const done: SendResponseData[] = [];
    setWritten(0);
    clearErrors();
    try {
      for (const [i, ids] of parts.entries()) {
        const res = await apiFetch<SendResponseData>("/api/v1/notifications", {
          method: "POST",
          body: { ...base, user_ids: ids },
          headers: { "Idempotency-Key": chunkKey(composeKey, i, parts.length) },
        });
        done.push(res);
        setWritten(done.reduce((n, b) => n + b.count, 0));
      }
      setBatches(done);
      setIsDone(true);
      toast.success(
        scheduleAt
          ? t("scheduledFor", { count: recipients.length })
          : t("sentTo", { count: recipients.length }),
      );
    } catch (err) {
      setWritten(null);
      setApiErrors(err, setError);
      toast.error(
        done.length > 0
          ? t("partial", { message: (err as Error).message, done: done.length, parts: parts.length })
          : (err as Error).message,
      );
    } finally {
      inFlight.current = false;
    }
  }

  const err = (field: string) => errorAt(errors, field);
  // After a first review, each change checks the form again, so a fixed field clears its error.
  const change = <N extends Path<Compose>>(name: N, value: PathValue<Compose, N>) =>
    setValue(name, value, { shouldValidate: form.formState.isSubmitted });
  const scheduleInPast = scheduleAt !== null && Date.parse(scheduleAt) <= now;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      {/* Locked while sending and once sent: "Compose another" starts over with a new key. */}
      <fieldset disabled={isLocked} className="flex min-w-0 flex-col gap-6">
        <Card className="flex flex-col gap-3">
          <h2 className="font-semibold">{t("recipients")}</h2>
          <RecipientPicker
            recipients={recipients}
            onChange={(ids) => change("user_ids", ids)}
            error={err("user_ids")}
          />
        </Card>

        <Card className="flex flex-col gap-4">
          <h2 className="font-semibold">{t("message")}</h2>
          <Tabs<Mode>
            label={t("source")}
            value={mode}
            onChange={(m) => {
              setValue("mode", m);
              clearErrors();
              if (m === "raw") {
                setValue("type", getValues("type") || "info");
                if (getValues("channels").length === 0) setValue("channels", ["app"]);
              } else setValue("type", "");
            }}
            items={[
              { value: "raw", label: t("raw") },
              { value: "template", label: t("fromTemplate") },
            ]}
          />
          {mode === "template" ? (
            <div className="flex flex-col gap-3">
              <Field
                label={t("template")}
                error={err("template_code") ?? (templates.error ? templates.error.message : undefined)}
              >
                {(p) => (
                  <Select {...p} value={templateCode} onChange={(e) => chooseTemplate(e.target.value)}>
                    <option value="">
                      {templates.isPending ? t("loadingTemplates") : t("chooseTemplate")}
                    </option>
                    {templates.data?.templates.map((x) => (
                      <option key={x.id} value={x.code}>
                        {t("templateOption", { name: x.name, code: x.code })}
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              {template ? (
                template.variables.length === 0 ? (
                  <p className="text-sm text-slate-500 dark:text-slate-400">{t("noVariables")}</p>
                ) : (
                  <fieldset className="flex flex-col gap-3">
                    <legend className="mb-1 text-sm font-medium">{t("params")}</legend>
                    <div className="grid gap-3 sm:grid-cols-2">
                      {template.variables.map((v) => (
                        <Field
                          key={v.name}
                          label={
                            <>
                              {v.name}
                              {v.required && v.default === undefined ? (
                                <span className="text-red-600" aria-label={t("required")}>
                                  {" "}
                                  *
                                </span>
                              ) : null}
                            </>
                          }
                          hint={
                            v.default !== undefined
                              ? t("defaultValue", { value: v.default })
                              : v.example
                                ? t("example", { value: v.example })
                                : t("paramHint")
                          }
                          error={err(`params.${v.name}`)}
                        >
                          {(p) => (
                            <Input
                              {...p}
                              required={v.required && v.default === undefined}
                              value={params[v.name] ?? ""}
                              placeholder={v.example ?? v.default ?? ""}
                              onChange={(e) => change("params", { ...params, [v.name]: e.target.value })}
                            />
                          )}
                        </Field>
                      ))}
                    </div>
                    {err("params") ? (
                      <p role="alert" className="text-xs text-red-600">
                        {err("params")}
                      </p>
                    ) : null}
                  </fieldset>
                )
              ) : null}
            </div>
          ) : (
            <div className="flex flex-col gap-3">
              <Field
                label={t("title")}
                hint={t("length", { length: title.length, max: MAX_NOTIFICATION_TITLE })}
                error={err("title")}
              >
                {(p) => <Input {...p} maxLength={MAX_NOTIFICATION_TITLE} {...register("title")} />}
              </Field>
              <Field
                label={t("content")}
                hint={t("length", { length: content.length, max: MAX_NOTIFICATION_CONTENT })}
                error={err("content")}
              >
                {(p) => (
                  <Textarea
                    {...p}
                    rows={5}
                    className="font-sans"
                    maxLength={MAX_NOTIFICATION_CONTENT}
                    {...register("content")}
                  />
                )}
              </Field>
            </div>
          )}
        </Card>

        <Card className="flex flex-col gap-4">
          <h2 className="font-semibold">{t("delivery")}</h2>
          <CheckboxGroup
            legend={t("channels")}
            options={notificationChannels}
            value={channels}
            onChange={(next) => change("channels", next)}
            label={labels.channel}
            error={err("channels")}
          />
          {channels.includes("chat") ? (
            <Field
              label={t("chatTargets")}
              error={err("chat_targets") ?? err("chat_targets.0")}
              hint={t("chatTargetsHint")}
            >
              {(p) => (
                <Input {...p} placeholder={t("chatTargetsPlaceholder")} {...register("chat_targets")} />
              )}
            </Field>
          ) : null}
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t("type")} error={err("type")}>
              {(p) => (
                <Select {...p} {...register("type")}>
                  {mode === "template" ? (
                    <option value="">
                      {t("templateType", { type: template ? labels.type(template.type) : "—" })}
                    </option>
                  ) : null}
                  {notificationTypes.map((type) => (
                    <option key={type} value={type}>
                      {labels.type(type)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label={t("priority")} error={err("priority")} hint={t("priorityHint")}>
              {(p) => (
                <Select {...p} {...register("priority")}>
                  {notificationPriorities.map((priority) => (
                    <option key={priority} value={priority}>
                      {labels.priority(priority)}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <Field
            label={t("metadata")}
            hint={"error" in metadata ? undefined : t("metadataHint")}
            error={err("metadata") ?? ("error" in metadata ? metadataMessage(metadata) : undefined)}
          >
            {(p) => (
              <Textarea
                {...p}
                rows={4}
                spellCheck={false}
                {...register("metadata", {
                  onBlur: () => {
                    // Tidy valid JSON, so what is stored is what the admin sees.
                    if ("value" in metadata) setValue("metadata", JSON.stringify(metadata.value, null, 2));
                  },
                })}
              />
            )}
          </Field>
          <div className="flex flex-col gap-2">
            <label className="inline-flex items-center gap-2 text-sm font-medium">
              <input type="checkbox" className="size-4 accent-brand" {...register("is_scheduled")} />
              {t("scheduleLater")}
            </label>
            {isScheduled ? (
              <Field
                label={t("sendAt")}
                hint={
                  timeZone
                    ? scheduleAt
                      ? t("timeZoneSentAs", { zone: timeZone, at: scheduleAt })
                      : t("timeZone", { zone: timeZone })
                    : undefined
                }
                error={err("schedule_at") ?? (scheduleInPast ? t("timePassed") : undefined)}
              >
                {(p) => <Input {...p} type="datetime-local" step={1} {...register("schedule_at")} />}
              </Field>
            ) : null}
          </div>
        </Card>
      </fieldset>

      <div className="flex flex-col gap-6 lg:sticky lg:top-4 lg:self-start">
        <Card className="flex flex-col gap-3">
          <h2 className="font-semibold">{t("preview")}</h2>
          <SendPreview
            recipients={recipients}
            channels={channels}
            content={mode === "template" ? { mode, template, params: sentParams } : { mode, title, content }}
          />
        </Card>
        <Card className="flex flex-col gap-3">
          <p className="text-sm">
            <span className="font-semibold">{t("recipientCount", { count: recipients.length })}</span>
            {channels.length ? t("summaryChannels", { channels: channelList(channels) }) : ""}
            {scheduleAt ? t("summaryAt", { time: when(scheduleAt) }) : t("summaryNow")}
          </p>
          {written !== null && !isDone ? <WriteProgress written={written} total={recipients.length} /> : null}
          {isDone ? (
            <>
              <WriteProgress written={recipients.length} total={recipients.length} />
              <DeliveryProgress batches={batches} />
              <Button onClick={onReset}>{t("composeAnother")}</Button>
            </>
          ) : (
            <Button variant="primary" onClick={() => void review()} disabled={isSending}>
              {isSending ? t("sending") : t("review")}
            </Button>
          )}
        </Card>
      </div>

      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={scheduleAt && !scheduleInPast ? t("confirmScheduleTitle") : t("confirmSendTitle")}
        footer={
          <>
            <Button onClick={() => setConfirming(false)}>{c("actions.cancel")}</Button>
            <Button variant="primary" onClick={() => void send()} disabled={isSending}>
              {scheduleAt && !scheduleInPast ? t("schedule") : t("send")}
            </Button>
          </>
        }
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">{t("recipients")}</dt>
          <dd>
            {t("recipientCount", { count: recipients.length })}
            {recipients.length > CHUNK_SIZE ? t("inRequests", { count: chunk(recipients).length }) : ""}
          </dd>
          <dt className="text-slate-500">{t("message")}</dt>
          <dd className="break-words">
            {mode === "template" ? t("templateNamed", { name: template?.name ?? "" }) : title}
          </dd>
          <dt className="text-slate-500">{t("channels")}</dt>
          <dd>{channelList(channels)}</dd>
          <dt className="text-slate-500">{t("when")}</dt>
          <dd>{scheduleAt && !scheduleInPast ? when(scheduleAt) : t("now")}</dd>
        </dl>
      </Dialog>
    </div>
  );
}
