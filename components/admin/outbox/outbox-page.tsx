"use client";
// The dev outbox: what Herald "sent" on channels with no provider, newest first, live. Email HTML is
// shown in a sandboxed iframe (no scripts, no same-origin access) next to its text part.
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { outboxJson } from "@/lib/integrations/outbox";
import { Button } from "@/components/ui/button";
import { Badge, Card, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import { externalChannels as EXTERNAL_CHANNELS } from "@/lib/vocabulary/enums";
import { useLabels } from "../shared/labels";
import { useFormatTime } from "../shared/use-format";
import { useCursorList } from "../shared/use-cursor-list";
import { LoadMore } from "@/components/ui/load-more";

type Message = ReturnType<typeof outboxJson>;
type ChannelTab = "all" | (typeof EXTERNAL_CHANNELS)[number];

const LIVE_MS = 3_000;

function EmailBody({ m }: { m: Message }) {
  const t = useTranslations("outbox");
  const html = typeof m.payload.html === "string" ? m.payload.html : null;
  const [view, setView] = useState<"html" | "text">(html ? "html" : "text");
  return (
    <div className="flex flex-col gap-2">
      {html ? (
        <div className="flex gap-1 text-xs" role="group" aria-label={t("emailPart")}>
          <Button size="sm" variant={view === "html" ? "primary" : "ghost"} onClick={() => setView("html")}>
            {t("html")}
          </Button>
          <Button size="sm" variant={view === "text" ? "primary" : "ghost"} onClick={() => setView("text")}>
            {t("text")}
          </Button>
        </div>
      ) : null}
      {view === "html" && html ? (
        <iframe
          title={t("emailTitle", { to: m.to ?? "?", subject: m.subject ?? "" })}
          sandbox=""
          srcDoc={html}
          className="h-80 w-full rounded border border-slate-200 bg-white dark:border-slate-700"
        />
      ) : (
        <pre className="text-sm whitespace-pre-wrap">{m.body}</pre>
      )}
    </div>
  );
}

function MessageCard({ m }: { m: Message }) {
  const t = useTranslations("outbox");
  const labels = useLabels();
  const formatTime = useFormatTime();
  const { html: _html, ...rest } = m.payload;
  return (
    <Card className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <div className="flex flex-wrap items-baseline gap-2">
          <Badge tone="indigo">{labels.channel(m.channel)}</Badge>
          <span className="text-sm">
            {t.rich("to", {
              to: () => (
                <span className="font-medium break-all">
                  {m.channel === "push" ? t("pushSubscription") : m.to}
                </span>
              ),
            })}
          </span>
        </div>
        <time dateTime={m.created_at} className="text-xs text-slate-500 dark:text-slate-400">
          {formatTime(m.created_at)}
        </time>
      </div>
      {m.subject ? <p className="font-medium">{m.subject}</p> : null}
      {m.channel === "email" ? (
        <EmailBody m={m} />
      ) : (
        <pre className="text-sm whitespace-pre-wrap">{m.body}</pre>
      )}
      {Object.keys(rest).length > 0 ? (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-500 dark:text-slate-400">{t("payload")}</summary>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 dark:bg-slate-800">
            {JSON.stringify(rest, null, 2)}
          </pre>
        </details>
      ) : null}
    </Card>
  );
}

export function OutboxPage() {
  const t = useTranslations("outbox");
  const labels = useLabels();
  const [channel, setChannel] = useState<ChannelTab>("all");
  const list = useCursorList<Message, "messages">(
    "/api/v1/dev/outbox",
    "messages",
    { channel: channel === "all" ? undefined : channel },
    { pageSize: 20, refetchInterval: LIVE_MS },
  );
  return (
    <div className="flex flex-col gap-4">
      <Tabs
        label={t("channel")}
        value={channel}
        onChange={setChannel}
        items={[
          { value: "all" as const, label: t("all") },
          ...EXTERNAL_CHANNELS.map((c) => ({ value: c, label: labels.channel(c) })),
        ]}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">{t("live", { seconds: LIVE_MS / 1000 })}</p>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.isLoading ? (
        <Skeleton className="h-40" />
      ) : list.rows.length === 0 ? (
        <EmptyState title={t("empty")}>{t("emptyText")}</EmptyState>
      ) : (
        <ul className="flex flex-col gap-3" aria-label={t("messages")}>
          {list.rows.map((m) => (
            <li key={m.id}>
              <MessageCard m={m} />
            </li>
          ))}
        </ul>
      )}
      <LoadMore
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
      />
    </div>
  );
}
