"use client";
// One user: profile, preferences, and their notifications and deliveries (the send log, filtered).
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { PreferencesJson } from "@/lib/preferences/store";
import { apiFetch } from "@/lib/http/api-client";
import { Badge, Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import { formatTime } from "../logs/format";
import { LogTable } from "../logs/log-tables";
import type { UserJson } from "./users-list";

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0 break-words">{children || "—"}</dd>
    </>
  );
}

export function UserDetail({ userId }: { userId: string }) {
  const [tab, setTab] = useState<"notifications" | "deliveries">("notifications");
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
            <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
              <Item label="User id">{u.user_id}</Item>
              <Item label="Name">{u.name}</Item>
              <Item label="Email">{u.email}</Item>
              <Item label="Phone">{u.phone}</Item>
              <Item label="Locale">{u.locale}</Item>
              <Item label="Time zone">{u.timezone}</Item>
              <Item label="WeChat openid">{u.wechat_openid}</Item>
              <Item label="Role">
                <Badge tone={u.role === "admin" ? "amber" : "slate"}>{u.role}</Badge>
              </Item>
              <Item label="Created">{formatTime(u.created_at)}</Item>
              <Item label="Updated">{formatTime(u.updated_at)}</Item>
            </dl>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">Preferences</h2>
          {prefs.error ? (
            <ErrorState error={prefs.error} />
          ) : !p ? (
            <Skeleton className="h-32" />
          ) : (
            <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
              <Item label="Muted">
                {p.is_muted ? <Badge tone="amber">until {formatTime(p.mute_until)}</Badge> : "No"}
              </Item>
              <Item label="Channels off">{p.disabled_channels.join(", ")}</Item>
              <Item label="Quiet hours">
                {p.do_not_disturb
                  ? `${p.do_not_disturb.start}–${p.do_not_disturb.end} (${p.effective_timezone})`
                  : null}
              </Item>
              {Object.entries(p.channels).map(([type, channels]) => (
                <Item key={type} label={`${type} via`}>
                  {(channels ?? []).join(", ")}
                </Item>
              ))}
              <Item label="Saved">{p.updated_at ? formatTime(p.updated_at) : "Defaults (never saved)"}</Item>
            </dl>
          )}
        </Card>
      </div>
      <section aria-label="This user's send log" className="flex flex-col gap-3">
        <Tabs
          label="User's log"
          value={tab}
          onChange={setTab}
          items={[
            { value: "notifications", label: "Notifications" },
            { value: "deliveries", label: "Deliveries" },
          ]}
        />
        <LogTable key={tab} kind={tab} fixedUser={userId} />
      </section>
    </div>
  );
}
