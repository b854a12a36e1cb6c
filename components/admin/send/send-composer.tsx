"use client";
// The console's send composer: recipients, a template with params or raw content, channels, type,
// priority, metadata and schedule; a preview for one recipient; then POST /api/v1/notifications
// in requests of at most 10,000 recipients, each with an Idempotency-Key derived from this
// compose's, so a double click or a retry after a dropped connection never sends twice.
import { useQuery } from "@tanstack/react-query";
import { useMemo, useRef, useState, useSyncExternalStore } from "react";
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
} from "@/lib/db/schema/notifications";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import { channelLabel } from "./channels";
import { CheckboxGroup } from "./checkbox-group";
import { apiFieldErrors, type FieldErrors } from "./form-errors";
import { paramValue } from "./param-value";
import { RecipientPicker } from "./recipient-picker";
import { CHUNK_SIZE, chunk, chunkKey, localToRfc3339, parseMetadata, plural } from "./recipients";
import { SendPreview } from "./send-preview";
import { DeliveryProgress, WriteProgress } from "./send-progress";
import { useNow } from "./use-now";
import type { SendResponseData, TemplateJson, TemplatePage } from "./types";

type Mode = "raw" | "template";

// The browser's time zone, read after hydration (the server renders without one).
const noSubscribe = () => () => {};
const useTimeZone = () =>
  useSyncExternalStore(
    noSubscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => null,
  );

export function SendComposer({ composeKey, onReset }: { composeKey: string; onReset: () => void }) {
  const timeZone = useTimeZone();
  const [recipients, setRecipients] = useState<string[]>([]);
  const [mode, setMode] = useState<Mode>("raw");
  const [templateId, setTemplateId] = useState("");
  const [params, setParams] = useState<Record<string, string>>({});
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [type, setType] = useState<string>("info");
  const [priority, setPriority] = useState<string>("normal");
  const [channels, setChannels] = useState<NotificationChannel[]>(["app"]);
  const [metadataText, setMetadataText] = useState("{}");
  const [isScheduled, setIsScheduled] = useState(false);
  const [scheduleLocal, setScheduleLocal] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const [confirming, setConfirming] = useState(false);
  const [written, setWritten] = useState<number | null>(null);
  const [batches, setBatches] = useState<SendResponseData[]>([]);
  const [isDone, setIsDone] = useState(false);
  const inFlight = useRef(false);
  const now = useNow(isScheduled);

  const templates = useQuery({
    queryKey: ["templates", "active"],
    queryFn: () =>
      apiFetch<TemplatePage>("/api/v1/notifications/templates", {
        query: { is_active: true, page_size: 100 },
      }),
  });
  const template: TemplateJson | null = templates.data?.templates.find((t) => t.id === templateId) ?? null;
  const metadata = useMemo(() => parseMetadata(metadataText), [metadataText]);
  const scheduleAt = isScheduled ? localToRfc3339(scheduleLocal) : null;
  const sentParams = useMemo(() => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(params)) if (v.trim() !== "") out[k] = paramValue(v);
    return out;
  }, [params]);
  const isSending = written !== null && !isDone;
  const isLocked = isSending || isDone;

  function chooseTemplate(id: string) {
    setTemplateId(id);
    setParams({});
    const t = templates.data?.templates.find((x) => x.id === id);
    // A template send goes out on the template's channels unless the admin changes them.
    if (t) setChannels(t.channels as NotificationChannel[]);
  }

  /** What can be checked before asking the API; the API checks everything again. */
  function localErrors(): FieldErrors {
    const e: FieldErrors = {};
    if (recipients.length === 0) e.user_ids = "Add at least one recipient";
    if (mode === "template") {
      if (!template) e.template_code = "Choose a template";
      for (const v of template?.variables ?? [])
        if (v.required && v.default === undefined && !params[v.name]?.trim())
          e[`params.${v.name}`] = "is required";
    } else {
      if (!title.trim()) e.title = "must not be empty";
      if (!content.trim()) e.content = "must not be empty";
    }
    if (channels.length === 0) e.channels = "Choose at least one channel";
    if ("error" in metadata) e.metadata = metadata.error;
    if (isScheduled && !scheduleAt) e.schedule_at = "Choose a date and time";
    return e;
  }

  function review() {
    const e = localErrors();
    setErrors(e);
    if (Object.values(e).some(Boolean)) {
      toast.error("Check the highlighted fields");
      return;
    }
    setConfirming(true);
  }

  async function send() {
    // A second click while the first is in flight does nothing; a retry reuses the same keys.
    if (inFlight.current) return;
    inFlight.current = true;
    setConfirming(false);
    const base = {
      ...(mode === "template"
        ? { template_code: template!.code, params: sentParams, ...(type ? { type } : {}) }
        : { title, content, type }),
      priority,
      channels,
      metadata: "value" in metadata ? metadata.value : {},
      ...(scheduleAt ? { schedule_at: scheduleAt } : {}),
    };
    const parts = chunk(recipients);
    // Chunks already written (a retry after a failure) are replayed by their keys, not sent again.
    const done: SendResponseData[] = [];
    setWritten(0);
    setErrors({});
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
          ? `Scheduled for ${plural(recipients.length, "recipient")}`
          : `Sent to ${plural(recipients.length, "recipient")}`,
      );
    } catch (err) {
      setWritten(null);
      if (err instanceof ApiError) setErrors(apiFieldErrors(err));
      const partial =
        done.length > 0
          ? ` (${done.length} of ${parts.length} parts were written; sending again completes the rest)`
          : "";
      toast.error(`${(err as Error).message}${partial}`);
    } finally {
      inFlight.current = false;
    }
  }

  const err = (field: string) => errors[field];
  const scheduleInPast = scheduleAt !== null && Date.parse(scheduleAt) <= now;

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      {/* Locked while sending and once sent: "Compose another" starts over with a new key. */}
      <fieldset disabled={isLocked} className="flex min-w-0 flex-col gap-6">
        <Card className="flex flex-col gap-3">
          <h2 className="font-semibold">Recipients</h2>
          <RecipientPicker recipients={recipients} onChange={setRecipients} error={err("user_ids")} />
        </Card>

        <Card className="flex flex-col gap-4">
          <h2 className="font-semibold">Message</h2>
          <Tabs<Mode>
            label="Message source"
            value={mode}
            onChange={(m) => {
              setMode(m);
              setErrors({});
              if (m === "raw") {
                setType((t) => t || "info");
                setChannels((c) => (c.length ? c : ["app"]));
              } else setType("");
            }}
            items={[
              { value: "raw", label: "Write it" },
              { value: "template", label: "From a template" },
            ]}
          />
          {mode === "template" ? (
            <div className="flex flex-col gap-3">
              <Field
                label="Template"
                error={err("template_code") ?? (templates.error ? templates.error.message : undefined)}
              >
                {(p) => (
                  <Select {...p} value={templateId} onChange={(e) => chooseTemplate(e.target.value)}>
                    <option value="">
                      {templates.isPending ? "Loading templates…" : "Choose a template"}
                    </option>
                    {templates.data?.templates.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name} ({t.code})
                      </option>
                    ))}
                  </Select>
                )}
              </Field>
              {template ? (
                template.variables.length === 0 ? (
                  <p className="text-sm text-slate-500 dark:text-slate-400">
                    This template has no variables.
                  </p>
                ) : (
                  <fieldset className="flex flex-col gap-3">
                    <legend className="mb-1 text-sm font-medium">Params</legend>
                    <div className="grid gap-3 sm:grid-cols-2">
                      {template.variables.map((v) => (
                        <Field
                          key={v.name}
                          label={
                            <>
                              {v.name}
                              {v.required && v.default === undefined ? (
                                <span className="text-red-600" aria-label="required">
                                  {" "}
                                  *
                                </span>
                              ) : null}
                            </>
                          }
                          hint={
                            v.default !== undefined
                              ? `Default: ${v.default}`
                              : v.example
                                ? `e.g. ${v.example}`
                                : "Text, or JSON for an object"
                          }
                          error={err(`params.${v.name}`)}
                        >
                          {(p) => (
                            <Input
                              {...p}
                              required={v.required && v.default === undefined}
                              value={params[v.name] ?? ""}
                              placeholder={v.example ?? v.default ?? ""}
                              onChange={(e) => setParams((prev) => ({ ...prev, [v.name]: e.target.value }))}
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
              <Field label="Title" hint={`${title.length} / 200`} error={err("title")}>
                {(p) => (
                  <Input {...p} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
                )}
              </Field>
              <Field label="Content" hint={`${content.length} / 2000`} error={err("content")}>
                {(p) => (
                  <Textarea
                    {...p}
                    rows={5}
                    className="font-sans"
                    value={content}
                    maxLength={2000}
                    onChange={(e) => setContent(e.target.value)}
                  />
                )}
              </Field>
            </div>
          )}
        </Card>

        <Card className="flex flex-col gap-4">
          <h2 className="font-semibold">Delivery</h2>
          <CheckboxGroup
            legend="Channels"
            options={notificationChannels}
            value={channels}
            onChange={setChannels}
            label={(c) => channelLabel[c]}
            error={err("channels")}
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Type" error={err("type")}>
              {(p) => (
                <Select {...p} value={type} onChange={(e) => setType(e.target.value)}>
                  {mode === "template" ? (
                    <option value="">The template’s ({template?.type ?? "—"})</option>
                  ) : null}
                  {notificationTypes.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
            <Field label="Priority" error={err("priority")} hint="Urgent ones go out during quiet hours">
              {(p) => (
                <Select {...p} value={priority} onChange={(e) => setPriority(e.target.value)}>
                  {notificationPriorities.map((t) => (
                    <option key={t} value={t}>
                      {t}
                    </option>
                  ))}
                </Select>
              )}
            </Field>
          </div>
          <Field
            label="Metadata"
            hint={
              "error" in metadata ? undefined : "A JSON object stored with each notification (at most 16 KB)"
            }
            error={err("metadata") ?? ("error" in metadata ? metadata.error : undefined)}
          >
            {(p) => (
              <Textarea
                {...p}
                rows={4}
                spellCheck={false}
                value={metadataText}
                onChange={(e) => setMetadataText(e.target.value)}
                onBlur={() => {
                  // Tidy valid JSON, so what is stored is what the admin sees.
                  if ("value" in metadata) setMetadataText(JSON.stringify(metadata.value, null, 2));
                }}
              />
            )}
          </Field>
          <div className="flex flex-col gap-2">
            <label className="inline-flex items-center gap-2 text-sm font-medium">
              <input
                type="checkbox"
                className="size-4 accent-brand"
                checked={isScheduled}
                onChange={(e) => setIsScheduled(e.target.checked)}
              />
              Schedule for later
            </label>
            {isScheduled ? (
              <Field
                label="Send at"
                hint={
                  timeZone
                    ? `Your time zone: ${timeZone}${scheduleAt ? ` · sent as ${scheduleAt}` : ""}`
                    : undefined
                }
                error={
                  err("schedule_at") ??
                  (scheduleInPast ? "This time has passed: it would be sent now" : undefined)
                }
              >
                {(p) => (
                  <Input
                    {...p}
                    type="datetime-local"
                    step={1}
                    value={scheduleLocal}
                    onChange={(e) => setScheduleLocal(e.target.value)}
                  />
                )}
              </Field>
            ) : null}
          </div>
        </Card>
      </fieldset>

      <div className="flex flex-col gap-6 lg:sticky lg:top-4 lg:self-start">
        <Card className="flex flex-col gap-3">
          <h2 className="font-semibold">Preview</h2>
          <SendPreview
            recipients={recipients}
            channels={channels}
            content={mode === "template" ? { mode, template, params: sentParams } : { mode, title, content }}
          />
        </Card>
        <Card className="flex flex-col gap-3">
          <p className="text-sm">
            <span className="font-semibold">{plural(recipients.length, "recipient")}</span>
            {channels.length ? ` · ${channels.map((c) => channelLabel[c]).join(", ")}` : ""}
            {scheduleAt ? ` · at ${new Date(scheduleAt).toLocaleString()}` : " · now"}
          </p>
          {written !== null && !isDone ? <WriteProgress written={written} total={recipients.length} /> : null}
          {isDone ? (
            <>
              <WriteProgress written={recipients.length} total={recipients.length} />
              <DeliveryProgress batches={batches} />
              <Button onClick={onReset}>Compose another</Button>
            </>
          ) : (
            <Button variant="primary" onClick={review} disabled={isSending}>
              {isSending ? "Sending…" : "Review and send"}
            </Button>
          )}
        </Card>
      </div>

      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={scheduleAt && !scheduleInPast ? "Schedule this send?" : "Send now?"}
        footer={
          <>
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
            <Button variant="primary" onClick={() => void send()} disabled={isSending}>
              {scheduleAt && !scheduleInPast ? "Schedule" : "Send"}
            </Button>
          </>
        }
      >
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Recipients</dt>
          <dd>
            {plural(recipients.length, "recipient")}
            {recipients.length > CHUNK_SIZE ? ` in ${chunk(recipients).length} requests` : ""}
          </dd>
          <dt className="text-slate-500">Message</dt>
          <dd className="break-words">{mode === "template" ? `Template ${template?.name ?? ""}` : title}</dd>
          <dt className="text-slate-500">Channels</dt>
          <dd>{channels.map((c) => channelLabel[c]).join(", ")}</dd>
          <dt className="text-slate-500">When</dt>
          <dd>{scheduleAt && !scheduleInPast ? new Date(scheduleAt).toLocaleString() : "Now"}</dd>
        </dl>
      </Dialog>
    </div>
  );
}
