// How each channel's rendered block looks to its recipient, for the template editor and the send
// composer alike. Everything rendered is shown as text, except the email HTML, which runs in an
// iframe with every sandbox restriction (no scripts, no same origin, no forms, no navigation).
import { Bell, Globe, MessageSquare } from "lucide-react";
import { useTranslations } from "next-intl";
import { Badge } from "@/components/ui/misc";
import type { NotificationChannel } from "@/lib/vocabulary/enums";
import { unescapeHtml } from "@/lib/vocabulary/html";
import { smsLength } from "./sms";

type Rendered = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

function FallbackNote({ block }: { block: Rendered }) {
  const t = useTranslations("console.preview");
  if (!block.fallback) return null;
  return <p className="text-xs text-amber-700 dark:text-amber-300">{t("fallback")}</p>;
}

function InAppPreview({
  block,
  isEscaped,
  testIdPrefix,
}: {
  block: Rendered;
  isEscaped: boolean;
  testIdPrefix: string;
}) {
  const t = useTranslations("console.preview");
  // As the inbox shows it: a template's in-app text is stored HTML-escaped and shown unescaped; a
  // raw send's text is shown as written.
  const shown = isEscaped ? unescapeHtml : (s: string) => s;
  const text = { title: shown(str(block.title)), content: shown(str(block.content)) };
  return (
    <article
      aria-label={t("inApp")}
      className="flex gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm dark:border-slate-700 dark:bg-slate-800"
    >
      <Bell className="mt-0.5 size-4 shrink-0 text-brand" aria-hidden />
      <div className="flex min-w-0 flex-col gap-1">
        <p className="font-medium break-words" data-testid={`${testIdPrefix}-title`}>
          {text.title}
        </p>
        <p
          className="text-sm break-words whitespace-pre-wrap text-slate-700 dark:text-slate-300"
          data-testid={`${testIdPrefix}-content`}
        >
          {text.content}
        </p>
        {str(block.action_url) ? (
          <span className="text-sm font-medium text-brand dark:text-indigo-300" title={str(block.action_url)}>
            {shown(str(block.action_text)) || t("open")} →
          </span>
        ) : null}
      </div>
    </article>
  );
}

function EmailPreview({ block }: { block: Rendered }) {
  const t = useTranslations("console.preview");
  return (
    <div className="flex flex-col gap-2">
      <FallbackNote block={block} />
      <p className="text-sm">
        <span className="text-slate-500 dark:text-slate-400">{t("subject")}</span>
        <span className="font-medium" data-testid="preview-email-subject">
          {str(block.subject || block.title)}
        </span>
      </p>
      {!str(block.html) ? (
        <p className="rounded border border-slate-200 p-3 text-sm whitespace-pre-wrap dark:border-slate-700">
          {str(block.text)}
        </p>
      ) : (
        <iframe
          title={t("email")}
          sandbox=""
          srcDoc={str(block.html)}
          // Emails are read on light backgrounds; without this a dark console paints the frame dark.
          style={{ colorScheme: "light" }}
          className="h-80 w-full rounded border border-slate-200 bg-white dark:border-slate-700"
        />
      )}
      {str(block.text) && str(block.html) ? (
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-600 dark:text-slate-300">{t("plainText")}</summary>
          <pre className="mt-1 rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap dark:bg-slate-800">
            {str(block.text)}
          </pre>
        </details>
      ) : null}
    </div>
  );
}

function SmsPreview({ block }: { block: Rendered }) {
  const text = str(block.text);
  const t = useTranslations("console.preview");
  const len = smsLength(text);
  return (
    <div className="flex flex-col gap-2">
      <FallbackNote block={block} />
      <div className="flex gap-2">
        <MessageSquare className="mt-1 size-4 shrink-0 text-slate-400" aria-hidden />
        <p
          className="max-w-sm rounded-2xl rounded-tl-sm bg-slate-100 px-3 py-2 text-sm break-words whitespace-pre-wrap dark:bg-slate-800"
          data-testid="preview-sms-text"
        >
          {text}
        </p>
      </div>
      <p
        className="flex flex-wrap items-center gap-2 text-xs text-slate-600 dark:text-slate-300"
        aria-live="polite"
      >
        <span data-testid="sms-count">
          {t("smsCount", { characters: len.characters, segments: len.segments })}
        </span>
        <Badge tone={len.encoding === "GSM-7" ? "slate" : "amber"}>{len.encoding}</Badge>
        <span>{t("smsLeft", { remaining: len.remaining, perSegment: len.perSegment })}</span>
      </p>
      {len.encoding === "UCS-2" ? (
        <p className="text-xs text-amber-700 dark:text-amber-300">{t("ucs2")}</p>
      ) : null}
    </div>
  );
}

function PushPreview({ block }: { block: Rendered }) {
  const t = useTranslations("console.preview");
  return (
    <div className="flex flex-col gap-2">
      <FallbackNote block={block} />
      <article
        aria-label={t("push")}
        className="flex max-w-sm gap-3 rounded-xl bg-slate-800 p-3 text-white shadow-lg dark:bg-slate-700"
      >
        <div className="flex size-8 shrink-0 items-center justify-center rounded bg-brand text-sm font-bold">
          H
        </div>
        <div className="min-w-0">
          <p className="text-sm font-semibold break-words">{str(block.title)}</p>
          <p className="text-sm break-words text-slate-200">{str(block.body || block.text)}</p>
          {str(block.url) ? (
            <p className="mt-1 flex items-center gap-1 truncate text-xs text-slate-300">
              <Globe className="size-3" aria-hidden /> {str(block.url)}
            </p>
          ) : null}
        </div>
      </article>
    </div>
  );
}

/** A chat message as a chat app's card shows it: the Markdown source as written, not rendered. */
function ChatPreview({ block }: { block: Rendered }) {
  const t = useTranslations("console.preview");
  return (
    <div className="flex flex-col gap-2">
      <FallbackNote block={block} />
      <article
        aria-label={t("chat")}
        className="max-w-md rounded-lg border-l-4 border-brand bg-white p-3 text-sm shadow-sm dark:bg-slate-800"
      >
        {str(block.title) ? <p className="font-semibold break-words">{str(block.title)}</p> : null}
        <p className="font-mono text-xs break-words whitespace-pre-wrap">{str(block.text)}</p>
        {str(block.url) ? (
          <p className="mt-2 flex items-center gap-1 truncate text-xs text-slate-500">
            <Globe className="size-3" aria-hidden /> {str(block.url)}
          </p>
        ) : null}
      </article>
    </div>
  );
}

function WechatPreview({ block }: { block: Rendered }) {
  const data = (block.data && typeof block.data === "object" ? block.data : {}) as Record<string, string>;
  return (
    <div className="flex flex-col gap-2">
      <FallbackNote block={block} />
      <div className="max-w-sm rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700">
        <p className="font-medium">{str(block.template_id) || str(block.title)}</p>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1">
          {Object.entries(data).map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
              <dd className="break-words">{v}</dd>
            </div>
          ))}
        </dl>
        {str(block.url) ? <p className="mt-2 truncate text-xs text-slate-500">{str(block.url)}</p> : null}
      </div>
    </div>
  );
}

/**
 * One channel's rendered block. `isEscaped`: the in-app fields came from a template (rendered
 * HTML-escaped). The test ids differ between the editor (`preview-app`) and the composer (`preview`).
 */
export function ChannelPreview({
  channel,
  block,
  isEscaped = true,
  testIdPrefix = "preview-app",
}: {
  channel: NotificationChannel;
  block: Rendered;
  isEscaped?: boolean;
  testIdPrefix?: string;
}) {
  switch (channel) {
    case "app":
      return <InAppPreview block={block} isEscaped={isEscaped} testIdPrefix={testIdPrefix} />;
    case "email":
      return <EmailPreview block={block} />;
    case "sms":
      return <SmsPreview block={block} />;
    case "push":
      return <PushPreview block={block} />;
    case "wechat":
      return <WechatPreview block={block} />;
    case "chat":
      return <ChatPreview block={block} />;
  }
}
