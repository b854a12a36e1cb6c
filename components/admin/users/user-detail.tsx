"use client";
// One user: profile, preferences, and their notifications and deliveries (the send log, filtered).
import { chatProviderLabel } from "@/lib/vocabulary/chat";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import type { PreferencesJson } from "@/lib/preferences/store";
import { apiFetch } from "@/lib/http/api-client";
import { Badge, Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { Tabs } from "@/components/ui/tabs";
import { DetailList, DetailRow } from "../shared/detail-list";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { LogTable } from "../logs/log-tables";
import { LOGS_TABS, type LogsTab } from "../logs/url-state";
import type { UserJson } from "./users-list";

export function UserDetail({ userId }: { userId: string }) {
  const t = useTranslations("users.detail");
  const formatTime = useFormatTime();
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
          <h2 className="mb-2 font-semibold">{t("profile")}</h2>
          {!u ? (
            <Skeleton className="h-32" />
          ) : (
            <DetailList className="text-sm">
              <DetailRow label={t("userId")}>{u.user_id}</DetailRow>
              <DetailRow label={t("name")}>{u.name}</DetailRow>
              <DetailRow label={t("email")}>{u.email}</DetailRow>
              <DetailRow label={t("phone")}>{u.phone}</DetailRow>
              <DetailRow label={t("locale")}>{u.locale}</DetailRow>
              <DetailRow label={t("timezone")}>{u.timezone}</DetailRow>
              <DetailRow label={t("wechatOpenid")}>{u.wechat_openid}</DetailRow>
              <DetailRow label={t("chat")}>
                {u.chat.length ? u.chat.map((p) => chatProviderLabel[p]).join(", ") : null}
              </DetailRow>
              <DetailRow label={t("role")}>
                <Badge tone={u.role === "admin" ? "amber" : "slate"}>{t(`roles.${u.role}`)}</Badge>
              </DetailRow>
              <DetailRow label={t("created")}>{formatTime(u.created_at)}</DetailRow>
              <DetailRow label={t("updated")}>{formatTime(u.updated_at)}</DetailRow>
            </DetailList>
          )}
        </Card>
        <Card>
          <h2 className="mb-2 font-semibold">{t("preferences")}</h2>
          {prefs.error ? (
            <ErrorState error={prefs.error} />
          ) : !p ? (
            <Skeleton className="h-32" />
          ) : (
            <DetailList className="text-sm">
              <DetailRow label={t("muted")}>
                {p.is_muted ? (
                  <Badge tone="amber">{t("mutedUntil", { time: formatTime(p.mute_until) })}</Badge>
                ) : (
                  t("no")
                )}
              </DetailRow>
              <DetailRow label={t("channelsOff")}>{p.disabled_channels.join(", ")}</DetailRow>
              <DetailRow label={t("quietHours")}>
                {p.do_not_disturb
                  ? `${p.do_not_disturb.start}–${p.do_not_disturb.end} (${p.effective_timezone})`
                  : null}
              </DetailRow>
              {Object.entries(p.channels).map(([type, channels]) => (
                <DetailRow key={type} label={t("typeVia", { type })}>
                  {(channels ?? []).join(", ")}
                </DetailRow>
              ))}
              <DetailRow label={t("saved")}>
                {p.updated_at ? formatTime(p.updated_at) : t("defaults")}
              </DetailRow>
            </DetailList>
          )}
        </Card>
      </div>
      <section aria-label={t("logLabel")} className="flex flex-col gap-3">
        <Tabs label={t("logTabs")} value={tab} onChange={setTab} items={LOGS_TABS} />
        <LogTable key={tab} kind={tab} fixedUser={userId} />
      </section>
    </div>
  );
}
