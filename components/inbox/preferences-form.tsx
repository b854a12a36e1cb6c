"use client";
// /settings/notifications: channels per type, quiet hours in a time zone, workflows and their
// categories, mute, desktop push and in-browser alerts.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
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

const CHANNEL_LABELS: Record<Channel, string> = {
  app: "In-app",
  email: "Email",
  sms: "SMS",
  push: "Push",
  wechat: "WeChat",
  chat: "Chat",
};
const TYPE_LABELS: Record<NotificationType, string> = {
  system: "System",
  info: "Info",
  warning: "Warning",
  error: "Error",
};
/** The channels a user can turn off: in-app is the record. */
type ExternalChannel = Exclude<Channel, "app">;
const EXTERNAL = CHANNELS.filter((c): c is ExternalChannel => c !== "app");

function usePreferences() {
  const { api } = useInbox();
  const qc = useQueryClient();
  const query = useQuery({ queryKey: inboxKeys.preferences, queryFn: () => api.preferences() });
  const save = useMutation({
    mutationFn: (body: PreferencesUpdate) => api.savePreferences(body),
    onSuccess: (saved) => qc.setQueryData(inboxKeys.preferences, saved),
    onError: (err) => toastFailed("save preferences", err),
  });
  return { query, save };
}

export function PreferencesForm() {
  const { query, save } = usePreferences();
  if (query.isPending) return <LoadingBlocks label="Loading preferences" heights={["h-48", "h-32"]} />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const prefs = query.data;
  return (
    <div className="flex flex-col gap-6">
      {/* Keyed by the saved version: a save (here or in another tab) resets the form to it. */}
      <ChannelsAndQuietHours key={prefs.updated_at ?? "defaults"} prefs={prefs} save={save} />
      <Section
        title="Workflows"
        description="Switch off whole categories or single workflows, and choose the channels each may use. Switched off, a workflow sends you nothing, in-app included."
      >
        <WorkflowPreferences prefs={prefs} save={save} />
      </Section>
      <Section
        title="Mute"
        description="Stop every alert and external channel for a while; the inbox still fills."
      >
        <MuteControls prefs={prefs} save={save} />
      </Section>
      <Section
        title="Desktop push"
        description="Push notifications from Herald to this browser, even when no Herald tab is open."
      >
        <PushSettings />
      </Section>
      <Section
        title="Alerts in this browser"
        description="While a Herald tab is open but hidden, show a system notification with a sound for each new notification."
      >
        <DesktopAlertsToggle />
      </Section>
    </div>
  );
}

type Save = ReturnType<typeof usePreferences>["save"];

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const id = `section-${title.toLowerCase().replace(/\W+/g, "-")}`;
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
      toast.error("Quiet hours must start and end at different times");
      return;
    }
    save.mutate(
      {
        channels: byType,
        disabled_channels: disabled,
        do_not_disturb: quiet ? { start, end } : null,
        timezone: zone,
      },
      { onSuccess: () => toast.success("Preferences saved") },
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
      <Section
        title="Channels"
        description="Where each type of notification may reach you. In-app is always kept: the inbox is the record."
      >
        <div className="overflow-x-auto">
          <table className="w-full min-w-[28rem] text-sm">
            <caption className="sr-only">Channels by notification type</caption>
            <thead>
              <tr className="text-left text-slate-600 dark:text-slate-300">
                <th scope="col" className="py-2 pr-3 font-medium">
                  Type
                </th>
                {CHANNELS.map((c) => (
                  <th key={c} scope="col" className="px-2 py-2 text-center font-medium">
                    {CHANNEL_LABELS[c]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
              {NOTIFICATION_TYPES.map((t) => (
                <tr key={t}>
                  <th scope="row" className="py-2 pr-3 text-left font-medium">
                    {TYPE_LABELS[t]}
                  </th>
                  {CHANNELS.map((c) => {
                    const off = c !== "app" && disabled.includes(c);
                    return (
                      <td key={c} className="px-2 py-2 text-center">
                        <input
                          type="checkbox"
                          aria-label={`${TYPE_LABELS[t]} by ${CHANNEL_LABELS[c]}`}
                          checked={c === "app" || (!off && isOn(t, c))}
                          disabled={c === "app" || off}
                          onChange={() => toggle(t, c)}
                          className={cn("size-4 accent-brand", focusRing)}
                        />
                      </td>
                    );
                  })}
                </tr>
              ))}
              <tr>
                <th scope="row" className="py-2 pr-3 text-left font-medium">
                  Off for everything
                </th>
                {CHANNELS.map((c) => (
                  <td key={c} className="px-2 py-2 text-center">
                    {c === "app" ? (
                      <span className="text-xs text-slate-400">—</span>
                    ) : (
                      <input
                        type="checkbox"
                        aria-label={`Turn off ${CHANNEL_LABELS[c]} for everything`}
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
          A channel is used only when the sender asks for it; external channels:{" "}
          {EXTERNAL.map((c) => CHANNEL_LABELS[c]).join(", ")}.
        </p>
      </Section>

      <Section
        title="Do not disturb"
        description="During quiet hours external channels wait until the end of the window and nothing alerts you; urgent notifications still come through."
      >
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={quiet}
            onChange={(e) => setQuiet(e.target.checked)}
            className={cn("size-4 accent-brand", focusRing)}
          />
          Quiet hours
        </label>
        <div className="flex flex-wrap items-end gap-3">
          <TimeField label="From" value={start} disabled={!quiet} onChange={setStart} />
          <TimeField label="To" value={end} disabled={!quiet} onChange={setEnd} />
          <label className="flex min-w-0 flex-col gap-1 text-sm">
            <span className="font-medium">Time zone</span>
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
          {save.isPending ? "Saving…" : "Save preferences"}
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
  const mute = (until: Date | null) =>
    save.mutate(
      { mute_until: until ? until.toISOString() : null },
      { onSuccess: () => toast.success(until ? "Muted" : "Unmuted") },
    );
  const hours = (h: number) => new Date(Date.now() + h * 3600_000);
  const until = prefs.is_muted && prefs.mute_until ? new Date(prefs.mute_until) : null;
  return (
    <div className="flex flex-col gap-3">
      <p className="text-sm" data-testid="mute-status">
        {until
          ? `Muted until ${until.toLocaleString(undefined, { weekday: "short", hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" })}`
          : "Not muted"}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={save.isPending} onClick={() => mute(hours(1))}>
          Mute for 1 hour
        </Button>
        <Button size="sm" disabled={save.isPending} onClick={() => mute(hours(8))}>
          Mute for 8 hours
        </Button>
        <Button size="sm" disabled={save.isPending} onClick={() => mute(tomorrowMorning())}>
          Mute until tomorrow
        </Button>
        {until ? (
          <Button size="sm" variant="ghost" disabled={save.isPending} onClick={() => mute(null)}>
            Unmute
          </Button>
        ) : null}
      </div>
    </div>
  );
}

const ALERT_LABELS: Record<DesktopAlertsState, string> = {
  unsupported: "Not supported by this browser",
  blocked: "Blocked in the browser's site settings",
  on: "On",
  off: "Off",
};

function DesktopAlertsToggle() {
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
      Notify me with a sound while Herald is in the background
      <span className="text-slate-500 dark:text-slate-400" data-testid="desktop-alerts-status">
        ({ALERT_LABELS[current]})
      </span>
    </label>
  );
}
