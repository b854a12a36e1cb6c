// Display helpers shared by the dashboard's cards and charts.
export { notificationChannels as CHANNELS } from "@/lib/vocabulary/enums";

// Distinct in light and dark mode, and not told apart by colour alone: the legend and tooltips name them.
export const channelColor: Record<string, string> = {
  app: "#6366f1",
  email: "#0ea5e9",
  sms: "#14b8a6",
  push: "#f59e0b",
  wechat: "#84cc16",
  chat: "#ec4899",
};

/** A count in `locale` (the console's language). */
export const formatCount = (n: number, locale?: string) => new Intl.NumberFormat(locale).format(n);

/** A 0–1 fraction as a percentage in `locale`; an em dash when there was nothing to measure. */
export function formatRate(rate: number | null, digits = 1, locale?: string): string {
  if (rate === null) return "—";
  const fraction = rate === 1 || rate === 0 ? 0 : digits;
  return new Intl.NumberFormat(locale, {
    style: "percent",
    minimumFractionDigits: fraction,
    maximumFractionDigits: fraction,
  }).format(rate);
}

/** A bucket label from the API ("2026-03-10T14:00" or "2026-03-10") as a short axis label. */
export function bucketLabel(start: string, locale?: string): string {
  if (start.includes("T")) return start.slice(11, 16);
  const [y, m, d] = start.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString(locale, {
    month: "short",
    day: "numeric",
    timeZone: "UTC",
  });
}

/** The bucket label in full, for tooltips. */
export function bucketTitle(start: string, locale?: string): string {
  if (!start.includes("T")) return bucketLabel(start, locale);
  return `${bucketLabel(start.slice(0, 10), locale)}, ${start.slice(11, 16)}`;
}

/** Recharts tooltips: a light box with dark text, readable on the light and the dark page alike. */
export const TOOLTIP_STYLE = { borderRadius: 6, fontSize: 12, color: "#0f172a", background: "#fff" } as const;
