"use client";
// A time-zone input offering the runtime's IANA zones; `recipient` may be offered as the first choice.
import { useTranslations } from "next-intl";
import { useId } from "react";
import { Field, Input } from "@/components/ui/field";

const zones = (): string[] => {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return ["UTC"];
  }
};

export const browserZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export function ZoneField({
  label,
  hint,
  error,
  value,
  onChange,
  withRecipient = false,
  className,
}: {
  label: string;
  hint?: string;
  error?: string;
  value: string;
  onChange: (value: string) => void;
  withRecipient?: boolean;
  className?: string;
}) {
  const t = useTranslations("schedules");
  const list = useId();
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {(p) => (
        <>
          <Input
            {...p}
            list={list}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            autoComplete="off"
          />
          <datalist id={list}>
            {withRecipient ? <option value="recipient">{t("recipientZoneOption")}</option> : null}
            {zones().map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </>
      )}
    </Field>
  );
}

/** An instant as a date and time in `zone`, with the zone's short name, in `locale`. */
export function formatIn(iso: string, zone: string, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone: zone,
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      timeZoneName: "short",
    }).format(new Date(iso));
  } catch {
    return iso;
  }
}
