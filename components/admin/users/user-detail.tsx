"use client";
// One user: profile, preferences, and their notifications and deliveries (the send log, filtered).
import { chatProviderLabel } from "@/lib/vocabulary/chat";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PreferencesJson } from "@/lib/preferences/store";
import { apiFetch } from "@/lib/http/api-client";
import { Badge, Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import { DetailList, DetailRow } from "../shared/detail-list";
import { formatTime } from "../shared/format";
import { LogTable } from "../logs/log-tables";
import { LOGS_TABS, type LogsTab } from "../logs/url-state";
import type { UserJson } from "./users-list";

export function UserDetail({ userId }: { userId: string }) {
  const [tab, setTab] = useState<LogsTab>("notifications");
  const path = `/api/v1/users/${encodeURIComponent(userId)}`;
  const user = useQuery({ queryKey: ["user", userId], queryFn: () => apiFetch<UserJson>(path) });
  const prefs = useQuery({
    queryKey: ["user-preferences", userId],
    queryFn: () => apiFetch<PreferencesJson>(`${path}/preferences`),
  });
  if (user.error) return <ErrorState error={user.error} onRetry={() => user.refetch()} />;
  const u = user.data;
  const p = prefs.data;
  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <h2 className="mb-2 font-semibold">Profile</h2>
          {!u ? (
            <Skeleton className="h-32" />
          ) : (
            <DetailList className="text-sm">
              <DetailRow label="User id">{u.user_id}</DetailRow>
              <DetailRow label="Name">{u.name}</DetailRow>
              <DetailRow label="Email">{u.email}</DetailRow>
              <DetailRow label="Phone">{u.phone}</DetailRow>
              <DetailRow label="Locale">{u.locale}</DetailRow>
              <DetailRow label="Time zone">{u.timezone}</DetailRow>
              <DetailRow label="WeChat openid">{u.wechat_openid}</DetailRow>
              <DetailRow label="Chat">
                {u.chat.length ? u.chat.map((p) => chatProviderLabel[p]).join(", ") : null}
              </DetailRow>
              <DetailRow label="Role">
                <Badge tone={u.role === "admin" ? "amber" : "slate"}>{u.role}</Badge>
              </DetailRow>
              <DetailRow label="Created">{formatTime(u.created_at)}</DetailRow>
              <DetailRow label="Updated">{formatTime(u.updated_at)}</DetailRow>
            </DetailList>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">Preferences</h2>
          {prefs.error ? (
            <ErrorState error={prefs.error} />
          ) : !p ? (
            <Skeleton className="h-32" />
          ) : (
            <DetailList className="text-sm">
              <DetailRow label="Muted">
                {p.is_muted ? <Badge tone="amber">until {formatTime(p.mute_until)}</Badge> : "No"}
              </DetailRow>
              <DetailRow label="Channels off">{p.disabled_channels.join(", ")}</DetailRow>
              <DetailRow label="Quiet hours">
                {p.do_not_disturb
                  ? `${p.do_not_disturb.start}–${p.do_not_disturb.end} (${p.effective_timezone})`
                  : null}
              </DetailRow>
              {Object.entries(p.channels).map(([type, channels]) => (
                <DetailRow key={type} label={`${type} via`}>
                  {(channels ?? []).join(", ")}
                </DetailRow>
              ))}
              <DetailRow label="Saved">
                {p.updated_at ? formatTime(p.updated_at) : "Defaults (never saved)"}
              </DetailRow>
            </DetailList>
          )}
        </Card>
      </div>
      <section aria-label="This user's send log" className="flex flex-col gap-3">
        <Tabs label="User's log" value={tab} onChange={setTab} items={LOGS_TABS} />
        <LogTable key={tab} kind={tab} fixedUser={userId} />
      </section>
    </div>
  );
}
