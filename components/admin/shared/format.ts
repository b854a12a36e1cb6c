// Display helpers shared by the console's log pages.

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** A timestamp in the viewer's locale and time zone; "—" for none. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
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
