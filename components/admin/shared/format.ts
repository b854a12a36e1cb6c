// Display helpers shared by the console's log pages.

const TIME_FORMAT: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
};
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A timestamp in `locale` (the console's language; the viewer's default when omitted) and the
 * viewer's time zone; "—" for none. Components use useFormatTime(), which passes the active locale.
 */
export function formatTime(iso: string | null | undefined, locale?: string): string {
  if (!iso) return "—";
  const key = locale ?? "";
  let format = timeFormats.get(key);
  if (!format) timeFormats.set(key, (format = new Intl.DateTimeFormat(locale, TIME_FORMAT)));
  return format.format(new Date(iso));
}

/** A `datetime-local` input's value as RFC 3339 (the API's format), or undefined when empty. */
export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

type Tone = "slate" | "blue" | "green" | "amber" | "red" | "indigo";

/** One colour per status, across notifications, deliveries and keys. */
export function statusTone(status: string): Tone {
  switch (status) {
    case "sent":
    case "delivered":
    case "active":
    case "completed":
      return "green";
    case "failed":
    case "bounced":
    case "revoked":
      return "red";
    case "pending":
    case "queued":
    case "sending":
    case "processing":
    case "running":
    case "waiting":
      return "blue";
    case "skipped":
    case "cancelled":
    case "recalled":
    case "expired":
    case "throttled":
      return "amber";
    default:
      return "slate";
  }
}
