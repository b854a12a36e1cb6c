// Small pure helpers for showing notifications: safe action links, badge text, relative times.
import { unescapeHtml } from "@/lib/vocabulary/html";
import { safeLink } from "@/lib/vocabulary/links";
import type { NotificationJson } from "./api";

export type ActionLink = { href: string; text: string; external: boolean };

/** The action of a notification, when it has a safe one; `openLabel` names it when the sender did not. */
export function actionOf(
  n: Pick<NotificationJson, "metadata">,
  origin: string,
  openLabel = "Open",
): ActionLink | null {
  const meta = (n.metadata ?? {}) as Record<string, unknown>;
  const link = safeLink(meta.action_url, origin);
  if (!link) return null;
  const text =
    typeof meta.action_text === "string" && meta.action_text.trim()
      ? meta.action_text.trim().slice(0, 60)
      : openLabel;
  return { href: link.href, external: link.external, text };
}

/** The badge: nothing at 0, the number up to 99, then "99+". */
export function badgeText(count: number): string | null {
  if (!(count > 0)) return null;
  return count > 99 ? "99+" : String(count);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/**
 * "just now", "5 minutes ago", "yesterday"… in `locale`. Intl has no "just now" (its "now" reads
 * oddly for a past event), so the caller passes that phrase in its language.
 */
export function relativeTime(
  iso: string,
  {
    now = Date.now(),
    locale,
    justNow = "just now",
  }: { now?: number; locale?: string; justNow?: string } = {},
): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Math.abs(seconds) < 45) return justNow;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), "minute");
}

/** The exact date and time, e.g. for a hover title: "Dec 4, 2026, 7:30 PM" or "2026年12月4日 19:30". */
export function dateTime(iso: string, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
}

/** Metadata entries to show as details: everything but the action, values as plain text. */
export function metadataEntries(metadata: unknown): [string, string][] {
  if (!metadata || typeof metadata !== "object" || Array.isArray(metadata)) return [];
  return Object.entries(metadata as Record<string, unknown>)
    .filter(([k]) => k !== "action_url" && k !== "action_text")
    .map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
}

/**
 * A notification's title and content as text to show. A template's in-app block is stored
 * HTML-escaped (safe for clients that insert it as HTML); this inbox renders text, so it undoes
 * exactly that escaping — a raw send's text is shown as written.
 */
export function shownText(n: Pick<NotificationJson, "title" | "content" | "template_code">): {
  title: string;
  content: string;
} {
  if (!n.template_code) return { title: n.title, content: n.content };
  return { title: unescapeHtml(n.title), content: unescapeHtml(n.content) };
}

/** `id` names the choice's label in the messages (inbox.snooze.<id>). */
export type SnoozeChoice = { id: "hour" | "tomorrow" | "nextWeek"; until: Date };

/** The snooze menu's choices, in the user's local time: in an hour, tomorrow 9:00, next Monday 9:00. */
export function snoozeChoices(now: Date): SnoozeChoice[] {
  const atNine = (daysAhead: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + daysAhead);
    d.setHours(9, 0, 0, 0);
    return d;
  };
  // Monday is 1; on a Monday "next week" is a week away.
  const toMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { id: "hour", until: new Date(now.getTime() + 60 * 60 * 1000) },
    { id: "tomorrow", until: atNine(1) },
    { id: "nextWeek", until: atNine(toMonday) },
  ];
}
