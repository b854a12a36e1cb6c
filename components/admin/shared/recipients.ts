// Pure helpers of the send composer (also used by the announcement editor): turning pasted text and
// CSV files into user ids, splitting big sends into requests the API accepts, and the admin's local
// date-time fields to and from RFC 3339.
import { DateTime } from "luxon";
import Papa from "papaparse";
import { MAX_RECIPIENTS } from "@/lib/notifications/schema";
import { externalIdSchema } from "@/lib/users/schema";

/** One request carries at most this many recipients: the API's own limit. */
export const CHUNK_SIZE = MAX_RECIPIENTS;

export type ParsedIds = {
  ids: string[];
  /** Ids that appeared more than once (or were already chosen), collapsed. */
  duplicates: number;
  /** Entries that cannot be a user id (spaces, control characters, over 255 characters). */
  invalid: string[];
};

const isUserId = (v: string) => externalIdSchema.safeParse(v).success;

/** Distinct valid ids in first-seen order; `known` ids count as duplicates and are not repeated. */
export function collectIds(values: Iterable<string>, known: ReadonlySet<string> = new Set()): ParsedIds {
  const seen = new Set<string>();
  const ids: string[] = [];
  const invalid: string[] = [];
  let duplicates = 0;
  for (const raw of values) {
    const v = raw.trim();
    if (v === "") continue;
    if (!isUserId(v)) {
      invalid.push(v);
      continue;
    }
    if (seen.has(v) || known.has(v)) {
      duplicates++;
      continue;
    }
    seen.add(v);
    ids.push(v);
  }
  return { ids, duplicates, invalid };
}

/** Pasted ids: separated by commas, semicolons or line breaks (a column copied from a sheet). */
export function parsePastedIds(text: string, known?: ReadonlySet<string>): ParsedIds {
  return collectIds(text.split(/[,;\r\n]+/), known);
}

/**
 * A CSV of ids: the `user_id` column when the first row names one (any case), else the first
 * column of every row.
 */
export function idsFromCsv(text: string, known?: ReadonlySet<string>): ParsedIds {
  const { data } = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: "greedy" });
  const header = (data[0] ?? []).map((c) => c.trim().toLowerCase());
  const column = header.indexOf("user_id");
  const rows = column >= 0 ? data.slice(1) : data;
  return collectIds(
    rows.map((r) => r[Math.max(column, 0)] ?? ""),
    known,
  );
}

export function chunk<T>(items: readonly T[], size = CHUNK_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * A `datetime-local` value ("2026-10-10T15:00" or with seconds) read in the admin's time zone,
 * as RFC 3339 with that zone's offset; null when empty or not a date.
 */
export function localToRfc3339(value: string, zone?: string): string | null {
  if (!value) return null;
  const dt = DateTime.fromISO(value, zone ? { zone } : undefined);
  return dt.isValid ? dt.toISO({ suppressMilliseconds: true }) : null;
}

/** An RFC 3339 time as a `datetime-local` value in the admin's zone (seconds kept); "" for none. */
export function rfc3339ToLocal(value: string | null | undefined, zone?: string): string {
  if (!value) return "";
  const dt = DateTime.fromISO(value, { setZone: false, ...(zone ? { zone } : {}) });
  return dt.isValid ? dt.toFormat("yyyy-LL-dd'T'HH:mm:ss") : "";
}

/** "1 recipient", "12,345 recipients". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

/**
 * The metadata editor's text as a JSON object, or why it is not one: `error` in English, `reason`
 * (and the parser's `detail`) for a translated message.
 */
export function parseMetadata(
  text: string,
): { value: Record<string, unknown> } | { error: string; reason: "syntax" | "not_object"; detail?: string } {
  if (text.trim() === "") return { value: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const detail = (err as Error).message;
    return { error: `Not valid JSON: ${detail}`, reason: "syntax", detail };
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    return { error: 'Must be a JSON object, like {"order_id": "1024"}', reason: "not_object" };
  return { value: parsed as Record<string, unknown> };
}

/** Each request of a chunked send has its own key, derived from the compose's one, so a retry replays. */
export function chunkKey(base: string, index: number, chunks: number): string {
  return chunks === 1 ? base : `${base}:${index + 1}of${chunks}`;
}
