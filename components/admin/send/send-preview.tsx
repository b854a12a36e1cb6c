"use client";
// What one chosen recipient would get: the template rendered by the server for that user (their
// locale and fields), or the raw title and content, per chosen channel. User content is text; an
// email's HTML is shown only inside a sandboxed iframe (no scripts, no same-origin access).
import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import { Badge, Skeleton } from "@/components/ui/misc";
import { Field, Select } from "@/components/ui/field";
import { ApiError, apiFetch } from "@/lib/http/api-client";
import type { NotificationChannel } from "@/lib/db/schema/notifications";
import { channelLabel } from "./channels";
import type { TemplateJson, TemplatePreview, UserJson } from "./types";

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

function Text({ label, value }: { label: string; value: unknown }) {
  if (value === undefined || value === null || value === "") return null;
  return (
    <div className="flex flex-col gap-0.5">
      <span className="text-xs text-slate-500 dark:text-slate-400">{label}</span>
      <span className="text-sm break-words whitespace-pre-wrap">
        {typeof value === "string" ? value : JSON.stringify(value, null, 2)}
      </span>
    </div>
  );
}

function BlockView({ channel, block }: { channel: NotificationChannel; block: Record<string, unknown> }) {
  const s = (k: string) => (typeof block[k] === "string" ? (block[k] as string) : undefined);
  return (
    <section
      aria-label={`${channelLabel[channel]} preview`}
      className="flex flex-col gap-2 rounded-md border border-slate-200 p-3 dark:border-slate-700"
    >
      <h4 className="flex items-center gap-2 text-xs font-semibold tracking-wide text-slate-600 uppercase dark:text-slate-300">
        {channelLabel[channel]}
        {block.fallback ? <Badge tone="amber">uses the in-app text</Badge> : null}
      </h4>
      {channel === "app" ? (
        <div className="rounded-md bg-slate-50 p-3 dark:bg-slate-800">
          <p className="font-medium break-words" data-testid="preview-title">
            {s("title")}
          </p>
          <p className="mt-1 text-sm break-words whitespace-pre-wrap" data-testid="preview-content">
            {s("content")}
          </p>
          <Text label="Action" value={[s("action_text"), s("action_url")].filter(Boolean).join(" → ")} />
        </div>
      ) : null}
      {channel === "email" ? (
        <>
          <Text label="Subject" value={s("subject") ?? s("title")} />
          {s("html") ? (
            <iframe
              title="Email body"
              sandbox=""
              srcDoc={s("html")}
              className="h-64 w-full rounded border border-slate-200 bg-white dark:border-slate-700"
            />
          ) : (
            <Text label="Body" value={s("text") ?? s("content")} />
          )}
        </>
      ) : null}
      {channel === "sms" ? (
        <>
          <Text label="Text" value={s("text") ?? s("content")} />
          <span className="text-xs text-slate-500">
            {(s("text") ?? s("content") ?? "").length} characters
          </span>
        </>
      ) : null}
      {channel === "push" ? (
        <>
          <Text label="Title" value={s("title")} />
          <Text label="Body" value={s("body") ?? s("content")} />
          <Text label="Link" value={s("url")} />
        </>
      ) : null}
      {channel === "wechat" ? (
        <>
          <Text label="Template" value={s("template_id")} />
          <Text label="Data" value={block.data ?? s("content")} />
        </>
      ) : null}
    </section>
  );
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
        if (err instanceof ApiError && err.status === 404) return null;
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
    return <p className="text-sm text-slate-500 dark:text-slate-400">Add a recipient to see a preview.</p>;
  }
  const shown = channels.length > 0 ? channels : (["app"] as NotificationChannel[]);
  const u = user.data;
  const warnings: string[] = [];
  if (user.isSuccess && u === null)
    warnings.push("Not a known user yet: the send creates them, with no email or phone.");
  if (u && shown.includes("email") && !u.email) warnings.push("No email address: the email will be skipped.");
  if (u && shown.includes("sms") && !u.phone) warnings.push("No phone number: the SMS will be skipped.");

  return (
    <div className="flex flex-col gap-3">
      <Field
        label="Preview for"
        hint={
          recipients.length > SHOWN_RECIPIENTS
            ? `The first ${SHOWN_RECIPIENTS} recipients are listed`
            : undefined
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
          {[u.name, u.email, u.phone, u.locale ? `locale ${u.locale}` : null, u.timezone]
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
            <BlockView key={c} channel={c} block={{ title: content.title, content: content.content }} />
          ))
        ) : (
          <p className="text-sm text-slate-500 dark:text-slate-400">
            Write a title and content to see them here.
          </p>
        )
      ) : !template ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">Choose a template.</p>
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
            Rendered in locale {rendered.data.locale}
          </p>
          {shown.map((c) => {
            // A channel the template has no block for gets the in-app text (as the send does).
            const block =
              rendered.data.blocks[c] ??
              (rendered.data.blocks.app ? { ...rendered.data.blocks.app, fallback: true } : null);
            return block ? <BlockView key={c} channel={c} block={block} /> : null;
          })}
        </>
      ) : null}
    </div>
  );
}
