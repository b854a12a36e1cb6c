"use client";
// What one chosen recipient would get: the template rendered by the server for that user (their
// locale and fields), or the raw title and content, per chosen channel. User content is text; an
// email's HTML is shown only inside a sandboxed iframe (no scripts, no same-origin access).
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useDeferredValue, useState } from "react";
import { ChannelPreview } from "@/components/admin/shared/channel-preview";
import { Skeleton } from "@/components/ui/misc";
import { Field, Select } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import type { NotificationChannel } from "@/lib/vocabulary/enums";
import { inAppStandIn } from "@/lib/vocabulary/channels";
import { useLabels } from "@/components/admin/shared/labels";
import { unescapeHtml } from "@/lib/vocabulary/html";
import type { TemplateJson, TemplatePreview, UserJson } from "@/components/admin/shared/types";

const SHOWN_RECIPIENTS = 100;

export type PreviewContent =
  | { mode: "template"; template: TemplateJson | null; params: Record<string, unknown> }
  | { mode: "raw"; title: string; content: string };

/** The user fields a template can read as {{ user.* }}, without the nulls the preview API refuses. */
function sampleUser(u: UserJson) {
  const out: Record<string, string> = { user_id: u.user_id };
  for (const k of ["name", "email", "phone", "locale", "timezone"] as const) {
    const v = u[k];
    if (v) out[k] = v;
  }
  return out;
}

/**
 * One channel as its recipient gets it, drawn by the template editor's renderer. A channel the
 * template has no block for gets the in-app text, as the send does.
 */
function BlockView({
  channel,
  block,
  isEscaped,
}: {
  channel: NotificationChannel;
  block: Record<string, unknown>;
  isEscaped: boolean;
}) {
  const t = useTranslations("send.preview");
  const labels = useLabels();
  return (
    <section
      aria-label={t("region", { channel: labels.channel(channel) })}
      className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
    >
      <h4 className="text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
        {labels.channel(channel)}
      </h4>
      <ChannelPreview channel={channel} block={block} isEscaped={isEscaped} testIdPrefix="preview" />
    </section>
  );
}

/** A block for a channel from the in-app one: its stand-in, marked as such when a template lacks it. */
function standIn(channel: NotificationChannel, app: Record<string, unknown>, isEscaped: boolean) {
  const text = (v: unknown) => (typeof v === "string" ? (isEscaped ? unescapeHtml(v) : v) : undefined);
  const block = inAppStandIn(channel, {
    title: text(app.title),
    content: text(app.content),
    action_url: text(app.action_url),
  });
  return channel === "app" ? app : { ...block, ...(isEscaped ? { fallback: true } : {}) };
}

export function SendPreview({
  recipients,
  channels,
  content,
}: {
  recipients: string[];
  channels: NotificationChannel[];
  content: PreviewContent;
}) {
  const t = useTranslations("send.preview");
  const [picked, setPicked] = useState<string | null>(null);
  // The first recipient until the admin picks another one still on the list.
  const userId = picked && recipients.includes(picked) ? picked : (recipients[0] ?? null);
  const user = useQuery({
    queryKey: ["users", "one", userId],
    enabled: userId !== null,
    queryFn: async () => {
      try {
        return await apiFetch<UserJson>(`/api/v1/users/${encodeURIComponent(userId!)}`);
      } catch (err) {
        // An unknown id is created by the send: preview it as a user with no profile.
        if (err instanceof ApiError && err.errorCode === "not_found") return null;
        throw err;
      }
    },
  });
  const params = useDeferredValue(content.mode === "template" ? content.params : null);
  const template = content.mode === "template" ? content.template : null;
  const rendered = useQuery({
    queryKey: ["template-preview", template?.id, template?.version, params, user.data],
    enabled: template !== null && user.isSuccess,
    retry: false,
    queryFn: () =>
      apiFetch<TemplatePreview>(`/api/v1/notifications/templates/${template!.id}/preview`, {
        method: "POST",
        body: {
          params: params ?? {},
          ...(user.data?.locale ? { locale: user.data.locale } : {}),
          user: user.data ? sampleUser(user.data) : { user_id: userId! },
        },
      }),
  });

  if (recipients.length === 0) {
    return <p className="text-sm text-slate-500 dark:text-slate-400">{t("addRecipient")}</p>;
  }
  const shown = channels.length > 0 ? channels : (["app"] as NotificationChannel[]);
  const u = user.data;
  const warnings: string[] = [];
  if (user.isSuccess && u === null) warnings.push(t("unknownUser"));
  if (u && shown.includes("email") && !u.email) warnings.push(t("noEmail"));
  if (u && shown.includes("sms") && !u.phone) warnings.push(t("noPhone"));

  return (
    <div className="flex flex-col gap-3">
      <Field
        label={t("for")}
        hint={
          recipients.length > SHOWN_RECIPIENTS ? t("firstListed", { count: SHOWN_RECIPIENTS }) : undefined
        }
      >
        {(p) => (
          <Select {...p} value={userId ?? ""} onChange={(e) => setPicked(e.target.value)}>
            {recipients.slice(0, SHOWN_RECIPIENTS).map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {u ? (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          {[u.name, u.email, u.phone, u.locale ? t("locale", { locale: u.locale }) : null, u.timezone]
            .filter(Boolean)
            .join(" · ")}
        </p>
      ) : null}
      {warnings.map((w) => (
        <p
          key={w}
          className="rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200"
        >
          {w}
        </p>
      ))}
      {content.mode === "raw" ? (
        content.title || content.content ? (
          shown.map((c) => (
            <BlockView
              key={c}
              channel={c}
              block={standIn(c, { title: content.title, content: content.content }, false)}
              isEscaped={false}
            />
          ))
        ) : (
          <p className="text-sm text-slate-500 dark:text-slate-400">{t("writeFirst")}</p>
        )
      ) : !template ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">{t("chooseTemplate")}</p>
      ) : rendered.isPending && rendered.fetchStatus !== "idle" ? (
        <Skeleton className="h-24" />
      ) : rendered.error ? (
        <div
          role="alert"
          className="rounded bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <p className="font-medium">{rendered.error.message}</p>
          {rendered.error instanceof ApiError
            ? rendered.error.errors.map((e) => (
                <p key={e.field}>
                  {e.field.replace(/^params\./, "")} {e.message}
                </p>
              ))
            : null}
        </div>
      ) : rendered.data ? (
        <>
          <p className="text-xs text-slate-500 dark:text-slate-400">
            {t("renderedIn", { locale: rendered.data.locale })}
          </p>
          {shown.map((c) => {
            const app = rendered.data.blocks.app;
            const block = rendered.data.blocks[c] ?? (app ? standIn(c, app, true) : null);
            return block ? <BlockView key={c} channel={c} block={block} isEscaped /> : null;
          })}
        </>
      ) : null}
    </div>
  );
}
