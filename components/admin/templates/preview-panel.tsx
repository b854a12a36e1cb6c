"use client";
// Live preview: sample values for the template's variables, rendered by the server (the same Liquid
// engine a send uses) a moment after the last keystroke, for the locale and channel being edited.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Field, Input } from "@/components/ui/field";
import { ErrorState, Skeleton } from "@/components/ui/misc";
import type { NotificationChannel } from "@/lib/vocabulary/enums";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import { paramValue } from "@/components/admin/shared/param-value";
import { useLabels } from "@/components/admin/shared/labels";
import { TEMPLATES_API, type PreviewDraft, type PreviewResult, type Variable } from "./model";
import { ChannelPreview } from "@/components/admin/shared/channel-preview";
import { useDebounced } from "@/components/admin/shared/use-debounced";

export const PREVIEW_DEBOUNCE_MS = 300;

export function PreviewPanel({
  templateId,
  draft,
  variables,
  hasSyntaxErrors,
  locale,
  channel,
}: {
  templateId: string;
  /** The editor's content as it is now, saved or not: the preview follows every keystroke. */
  draft: PreviewDraft;
  /** The variables the content reads now, with their defaults and examples. */
  variables: Variable[];
  /** The browser already found a Liquid error: no request until it is fixed. */
  hasSyntaxErrors: boolean;
  locale: string;
  channel: NotificationChannel;
}) {
  const t = useTranslations("templates.preview");
  const labels = useLabels();
  // What the author typed; a variable not typed into shows its example or default.
  const [typed, setTyped] = useState<Record<string, string>>({});
  const samples = useMemo(
    () => Object.fromEntries(variables.map((v) => [v.name, typed[v.name] ?? v.example ?? v.default ?? ""])),
    [variables, typed],
  );

  // The recipient, for `{{ user.name }}`; their locale is the one being previewed.
  const [recipientName, setRecipientName] = useState("");

  // One request once typing pauses, whether in the content or in a sample value.
  const input = useDebounced({ samples, draft, recipientName }, PREVIEW_DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ["admin", "template-preview", templateId, locale, channel, input],
    queryFn: () =>
      apiFetch<PreviewResult>(`${TEMPLATES_API}/${templateId}/preview`, {
        method: "POST",
        body: {
          locale,
          channel,
          draft: input.draft,
          ...(input.recipientName ? { user: { name: input.recipientName } } : {}),
          params: Object.fromEntries(
            Object.entries(input.samples)
              .filter(([, v]) => v !== "")
              .map(([k, v]) => [k, paramValue(v)]),
          ),
        },
      }),
    enabled: !hasSyntaxErrors,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
  const block = query.data?.blocks[channel];
  const apiErrors = query.error instanceof ApiError ? query.error.errors : [];
  const missing = apiErrors.filter((e) => e.field.startsWith("params."));
  const contentError = apiErrors.find((e) => e.field.startsWith("draft."));

  return (
    <section aria-labelledby="preview-heading" className="flex flex-col gap-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="preview-heading" className="font-semibold">
          {t("heading", { channel: labels.channel(channel), locale })}
        </h2>
        {query.data && query.data.locale !== locale ? (
          <span className="text-xs text-amber-700 dark:text-amber-300">
            {t("fallsBack", { locale: query.data.locale })}
          </span>
        ) : null}
      </div>
      {variables.length > 0 ? (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{t("samples")}</legend>
          {variables.map((v) => (
            <Field
              key={v.name}
              label={
                <span className="font-mono">
                  {v.name}
                  {v.required ? <span className="text-red-600"> *</span> : null}
                </span>
              }
            >
              {(props) => (
                <Input
                  {...props}
                  value={samples[v.name] ?? ""}
                  placeholder={v.default ? t("defaultValue", { value: v.default }) : t("samplePlaceholder")}
                  onChange={(e) => setTyped((s) => ({ ...s, [v.name]: e.target.value }))}
                />
              )}
            </Field>
          ))}
        </fieldset>
      ) : (
        <p className="text-sm text-slate-600 dark:text-slate-300">{t("noVariables")}</p>
      )}
      <Field label={t("recipientName")} hint={t("recipientNameHint")}>
        {(props) => (
          <Input
            {...props}
            value={recipientName}
            maxLength={255}
            onChange={(e) => setRecipientName(e.target.value)}
          />
        )}
      </Field>

      <div aria-live="polite" aria-busy={query.isFetching} data-testid="template-preview">
        {hasSyntaxErrors ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">{t("fixLiquid")}</p>
        ) : missing.length > 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            {t("missing", { names: missing.map((m) => m.field.slice("params.".length)).join(", ") })}
          </p>
        ) : contentError ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">
            {t("notPreviewable", {
              field: fieldName(contentError.field, labels.channel),
              message: contentError.message,
            })}
          </p>
        ) : query.isError ? (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        ) : query.isPending ? (
          <Skeleton className="h-24 w-full" />
        ) : block ? (
          <ChannelPreview channel={channel} block={block} />
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-300">{t("nothing")}</p>
        )}
      </div>
    </section>
  );
}

/** `draft.blocks.en.email.subject` as "en · Email · subject". */
function fieldName(field: string, channelName: (channel: string) => string): string {
  const [, , locale, channel, ...rest] = field.split(".");
  if (!locale || !channel) return field.replace(/^draft\./, "");
  return [locale, channelName(channel), ...rest].join(" · ");
}
