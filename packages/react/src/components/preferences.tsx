// The user's channel switches and a mute, over usePreferences.
import type { Preferences as Saved, PreferencesInput } from "@herald/js";
import { useState, type ReactNode } from "react";
import { usePreferences } from "../hooks.ts";

type Channel = NonNullable<PreferencesInput["disabled_channels"]>[number];

const CHANNELS: { id: Channel; label: string }[] = [
  { id: "email", label: "Email" },
  { id: "sms", label: "SMS" },
  { id: "push", label: "Push" },
  { id: "wechat", label: "WeChat" },
  { id: "chat", label: "Chat" },
];

const HOUR_MS = 3_600_000;

export type PreferencesProps = {
  title?: ReactNode;
  /** The channels offered (default: every external channel). */
  channels?: Channel[];
  /** Replaces the whole form. */
  render?: (preferences: Saved, save: (changes: PreferencesInput) => Promise<Saved>) => ReactNode;
  className?: string;
};

export function Preferences({
  title = "Notification preferences",
  channels,
  render,
  className,
}: PreferencesProps) {
  const { preferences, error, save } = usePreferences();
  const [saveError, setSaveError] = useState<string | null>(null);
  const shown = channels ? CHANNELS.filter((c) => channels.includes(c.id)) : CHANNELS;
  const run = (changes: PreferencesInput) =>
    save(changes).then(
      () => setSaveError(null),
      (err: unknown) => setSaveError(err instanceof Error ? err.message : String(err)),
    );
  const classes = ["herald-preferences", className].filter(Boolean).join(" ");
  if (error)
    return (
      <section className={classes}>
        <p className="herald-error" role="alert">
          {error.message}
        </p>
      </section>
    );
  if (!preferences) return <section className={classes} aria-busy="true" />;
  if (render) return <section className={classes}>{render(preferences, save)}</section>;
  const disabled = new Set(preferences.disabled_channels);
  const toggle = (channel: Channel, isOn: boolean) =>
    run({
      disabled_channels: [...disabled]
        .filter((c): c is Channel => c !== "app" && (isOn ? c !== channel : true))
        .concat(isOn ? [] : [channel]),
    });
  return (
    <section className={classes} aria-label="Notification preferences">
      <h2 className="herald-inbox-title">{title}</h2>
      {shown.map((c) => (
        <label key={c.id} className="herald-switch">
          <input
            type="checkbox"
            checked={!disabled.has(c.id)}
            onChange={(e) => void toggle(c.id, e.target.checked)}
          />
          {c.label}
        </label>
      ))}
      <div className="herald-mute">
        {preferences.is_muted ? (
          <button type="button" className="herald-action" onClick={() => void run({ mute_until: null })}>
            Unmute
          </button>
        ) : (
          <button
            type="button"
            className="herald-action"
            onClick={() => void run({ mute_until: new Date(Date.now() + 8 * HOUR_MS).toISOString() })}
          >
            Mute for 8 hours
          </button>
        )}
      </div>
      {saveError ? (
        <p className="herald-error" role="alert">
          {saveError}
        </p>
      ) : null}
    </section>
  );
}
