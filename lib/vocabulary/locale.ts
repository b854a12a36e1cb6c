// The interface languages Herald ships and how a request's candidates (a user's locale, the switcher's
// cookie, Accept-Language) become one of them. Pure and browser-safe: the switcher imports it too.

export const locales = ["en", "zh-CN"] as const;
export type AppLocale = (typeof locales)[number];
export const defaultLocale: AppLocale = "en";

/** The cookie the language switcher sets; a year, so the choice outlives the session. */
export const localeCookie = "locale";
export const localeCookieMaxAge = 365 * 24 * 3600;

/** The switcher's labels: each language named in itself. */
export const localeNames: Record<AppLocale, string> = { en: "English", "zh-CN": "简体中文" };

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === "string" && (locales as readonly string[]).includes(value);
}

/** One tag to a supported locale, or null. Every Chinese tag reads Simplified: the only script shipped. */
function matchOne(tag: string): AppLocale | null {
  let language: string;
  try {
    language = new Intl.Locale(tag.trim().replaceAll("_", "-")).language.toLowerCase();
  } catch {
    return null;
  }
  if (language === "zh") return "zh-CN";
  if (language === "en") return "en";
  return null;
}

/** The first candidate Herald speaks, else English; unknown or malformed values are skipped, never thrown. */
export function resolveLocale(candidates: Iterable<string | null | undefined>): AppLocale {
  for (const candidate of candidates) {
    if (typeof candidate !== "string" || !candidate.trim()) continue;
    const match = matchOne(candidate);
    if (match) return match;
  }
  return defaultLocale;
}

/** An Accept-Language header's tags, most preferred first (q=0 means "not this one"). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((l) => l.tag && l.tag !== "*" && l.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((l) => l.tag);
}
