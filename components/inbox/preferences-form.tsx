"use client";
// /settings/notifications: channels per type, quiet hours in a time zone, workflows and their
// categories, mute, desktop push and in-browser alerts.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { toast } from "sonner";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/field";
import { Card, ErrorState } from "@/components/ui/misc";
import {
  CHANNELS,
  NOTIFICATION_TYPES,
  type Channel,
  type NotificationType,
  type PreferencesJson,
  type PreferencesUpdate,
} from "./api";
import { inboxKeys } from "./cache";
import { desktopAlertsState, setDesktopAlerts, type DesktopAlertsState } from "./desktop-alerts";
import { toastFailed } from "./hooks";
import { useInbox } from "./inbox-context";
import { LoadingBlocks } from "./notification-parts";
import { PushSettings } from "./push-settings";
import { WorkflowPreferences } from "./workflow-preferences";

/** The channels a user can turn off: in-app is the record. */
type ExternalChannel = Exclude<Channel, "app">;
const EXTERNAL = CHANNELS.filter((c): c is ExternalChannel => c !== "app");

function usePreferences() {
  const { api } = useInbox();
  const qc = useQueryClient();
  const t = useTranslations("settings");
  const query = useQuery({ queryKey: inboxKeys.preferences, queryFn: () => api.preferences() });
  const save = useMutation({
    mutationFn: (body: PreferencesUpdate) => api.savePreferences(body),
    onSuccess: (saved) => qc.setQueryData(inboxKeys.preferences, saved),
    onError: (err) => toastFailed(t("failedSave"), err),
  });
  return { query, save };
}

export function PreferencesForm() {
  const { query, save } = usePreferences();
  const t = useTranslations("settings");
  if (query.isPending) return <LoadingBlocks label={t("loading")} heights={["h-48", "h-32"]} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const prefs = query.data;
  return (
    <div className="flex flex-col gap-6">
      {/* Keyed by the saved version: a save (here or in another tab) resets the form to it. */}
      <ChannelsAndQuietHours key={prefs.updated_at ?? "defaults"} prefs={prefs} save={save} />
      <Section slug="workflows" title={t("workflows.title")} description={t("workflows.description")}>
        <WorkflowPreferences prefs={prefs} save={save} />
      </Section>
      <Section slug="mute" title={t("mute.title")} description={t("mute.description")}>
        <MuteControls prefs={prefs} save={save} />
      </Section>
      <Section slug="desktop-push" title={t("push.title")} description={t("push.description")}>
        <PushSettings />
      </Section>
      <Section slug="alerts-in-this-browser" title={t("alerts.title")} description={t("alerts.description")}>
        <DesktopAlertsToggle />
      </Section>
    </div>
  );
}

type Save = ReturnType<typeof usePreferences>["save"];

/** `slug` makes the heading's id: the title is translated, the id must not change with it. */
function Section({
  slug,
  title,
  description,
  children,
}: {
  slug: string;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const id = `section-${slug}`;
  return (
    <section aria-labelledby={id}>
      <Card className="flex flex-col gap-3">
        <div>
          <h2 id={id} className="text-base font-semibold">
            {title}
          </h2>
          {description ? <p className="text-sm text-slate-600 dark:text-slate-400">{description}</p> : null}
        </div>
        {children}
      </Card>
    </section>
  );
}

function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  } catch {
    return "UTC";
  }
}

function timeZones(...extra: string[]): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf("timeZone");
  } catch {
    // an older browser: the extras (browser's and saved zone) and UTC
  }
  return [...new Set([...zones, "UTC", ...extra])].sort();
}

function ChannelsAndQuietHours({ prefs, save }: { prefs: PreferencesJson; save: Save }) {
  const t = useTranslations("settings");
  const channelLabel = (c: Channel) => t(`channelNames.${c}`);
  const typeLabel = (type: NotificationType) => t(`typeNames.${type}`);
  const [byType, setByType] = useState(prefs.channels);
  const [disabled, setDisabled] = useState(prefs.disabled_channels as ExternalChannel[]);
  const [quiet, setQuiet] = useState(prefs.do_not_disturb !== null);
  const [start, setStart] = useState(prefs.do_not_disturb?.start ?? "22:00");
  const [end, setEnd] = useState(prefs.do_not_disturb?.end ?? "07:00");
  // A user who never chose a zone gets the browser's, not the server's default.
  const [zone, setZone] = useState(() => prefs.timezone ?? browserTimeZone());
  const [zones] = useState(() => timeZones(zone, prefs.effective_timezone));

  const isOn = (type: NotificationType, c: Channel) => (byType[type] ?? CHANNELS).includes(c);
  const toggle = (type: NotificationType, c: Channel) => {
    const current = byType[type] ?? [...CHANNELS];
    const next = current.includes(c) ? current.filter((x) => x !== c) : [...current, c];
    // In-app is always stored: keep it in the list so the API reads the choice plainly.
    setByType({ ...byType, [type]: next.includes("app") ? next : ["app", ...next] });
  };

  const submit = () => {
    if (quiet && start === end) {
      toast.error(t("quiet.sameTimes"));
      return;
    }
    save.mutate(
      {
        channels: byType,
        disabled_channels: disabled,
        do_not_disturb: quiet ? { start, end } : null,
        timezone: zone,
      },
      { onSuccess: () => toast.success(t("saved")) },
    );
  };

  return (
    <form
      className="flex flex-col gap-6"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <Section slug="channels" title={t("channels.title")} description={t("channels.description")}>
        <div className="overflow-x-auto">
          <table className="w-full min-w-[28rem] text-sm">
            <caption className="sr-only">{t("channels.caption")}</caption>
            <thead>
              <tr className="text-left text-slate-600 dark:text-slate-300">
                <th scope="col" className="py-2 pr-3 font-medium">
                  {t("channels.type")}
                </th>
                {CHANNELS.map((c) => (
                  <th key={c} scope="col" className="px-2 py-2 text-center font-medium">
                    {channelLabel(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {NOTIFICATION_TYPES.map((type) => (
                <tr key={type}>
                  <th scope="row" className="py-2 pr-3 text-left font-medium">
                    {typeLabel(type)}
                  </th>
                  {CHANNELS.map((c) => {
                    const off = c !== "app" && disabled.includes(c);
                    return (
                      <td key={c} className="px-2 py-2 text-center">
                        <input
                          type="checkbox"
                          aria-label={t("channels.cell", { type: typeLabel(type), channel: channelLabel(c) })}
                          checked={c === "app" || (!off && isOn(type, c))}
                          disabled={c === "app" || off}
                          onChange={() => toggle(type, c)}
                          className={cn("size-4 accent-brand", focusRing)}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr>
                <th scope="row" className="py-2 pr-3 text-left font-medium">
                  {t("channels.offForEverything")}
                </th>
                {CHANNELS.map((c) => (
                  <td key={c} className="px-2 py-2 text-center">
                    {c === "app" ? (
                      <span className="text-xs text-slate-400">—</span>
                    ) : (
                      <input
                        type="checkbox"
                        aria-label={t("channels.turnOff", { channel: channelLabel(c) })}
                        checked={disabled.includes(c)}
                        onChange={() =>
                          setDisabled(
                            disabled.includes(c) ? disabled.filter((x) => x !== c) : [...disabled, c],
                          )
                        }
                        className={cn("size-4 accent-red-600", focusRing)}
                      />
                    )}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </div>
        <p className="text-xs text-slate-500 dark:text-slate-400">
          {t("channels.note", { channels: EXTERNAL.map(channelLabel).join(t("listSeparator")) })}
        </p>
      </Section>

      <Section slug="do-not-disturb" title={t("quiet.title")} description={t("quiet.description")}>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={quiet}
            onChange={(e) => setQuiet(e.target.checked)}
            className={cn("size-4 accent-brand", focusRing)}
          />
          {t("quiet.label")}
        </label>
        <div className="flex flex-wrap items-end gap-3">
          <TimeField label={t("quiet.from")} value={start} disabled={!quiet} onChange={setStart} />
          <TimeField label={t("quiet.to")} value={end} disabled={!quiet} onChange={setEnd} />
          <label className="flex min-w-0 flex-col gap-1 text-sm">
            <span className="font-medium">{t("quiet.timeZone")}</span>
            <Select value={zone} onChange={(e) => setZone(e.target.value)} className="max-w-[16rem]">
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll("_", " ")}
                </option>
              ))}
            </Select>
          </label>
        </div>
      </Section>

      <div className="flex justify-end">
        <Button type="submit" variant="primary" disabled={save.isPending}>
          {save.isPending ? t("saving") : t("save")}
        </Button>
      </div>
    </form>
  );
}

function TimeField({
  label,
  value,
  disabled,
  onChange,
}: {
  label: string;
  value: string;
  disabled: boolean;
  onChange: (value: string) => void;
}) {
  return (
    <label className="flex flex-col gap-1 text-sm">
      <span className="font-medium">{label}</span>
      <Input
        type="time"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        required
      />
    </label>
  );
}

/** Tomorrow at 08:00 in the browser's zone: "until tomorrow" means the morning, not midnight. */
function tomorrowMorning(now = new Date()): Date {
  const d = new Date(now);
  d.setDate(d.getDate() + 1);
  d.setHours(8, 0, 0, 0);
  return d;
}

function MuteControls({ prefs, save }: { prefs: PreferencesJson; save: Save }) {
  const t = useTranslations("settings.mute");
  const locale = useLocale();
  const mute = (until: Date | null) =>
    save.mutate(
      { mute_until: until ? until.toISOString() : null },
      { onSuccess: () => toast.success(until ? t("muted") : t("unmuted")) },
    );
  const hours = (h: number) => new Date(Date.now() + h * 3600_000);
  const until = prefs.is_muted && prefs.mute_until ? new Date(prefs.mute_until) : null;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm" data-testid="mute-status">
        {until
          ? t("mutedUntil", {
              until: until.toLocaleString(locale, {
                weekday: "short",
                hour: "2-digit",
                minute: "2-digit",
                day: "numeric",
                month: "short",
              }),
            })
          : t("notMuted")}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={save.isPending} onClick={() => mute(hours(1))}>
          {t("forHour")}
        </Button>
        <Button size="sm" disabled={save.isPending} onClick={() => mute(hours(8))}>
          {t("forEightHours")}
        </Button>
        <Button size="sm" disabled={save.isPending} onClick={() => mute(tomorrowMorning())}>
          {t("untilTomorrow")}
        </Button>
        {until ? (
          <Button size="sm" variant="ghost" disabled={save.isPending} onClick={() => mute(null)}>
            {t("unmute")}
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function DesktopAlertsToggle() {
  const t = useTranslations("settings.alerts");
  const [state, setState] = useState<DesktopAlertsState | null>(null);
  const current = state ?? (typeof window === "undefined" ? "off" : desktopAlertsState());
  return (
    <label className="flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        checked={current === "on"}
        disabled={current === "unsupported" || current === "blocked"}
        onChange={async (e) => setState(await setDesktopAlerts(e.target.checked))}
        className={cn("size-4 accent-brand", focusRing)}
      />
      {t("toggle")}
      <span className="text-slate-500 dark:text-slate-400" data-testid="desktop-alerts-status">
        ({t(`states.${current}`)})
      </span>
    </label>
  );
}
