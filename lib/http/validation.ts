import { z } from "zod";
import { invalid, tooLarge, type FieldError } from "../errors";

export const MAX_BODY_BYTES = 1024 * 1024;
/** A CSV upload (the user import) may be up to 2 MB; JSON bodies still stop at MAX_BODY_BYTES in readJson. */
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
/** What the server reads of any request before a handler sees it: the largest route limit, and room for a JSON wrapper. */
export const MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + 64;

/** zod issues as the envelope's field errors; unknown keys become one error each. */
export function fieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of error.issues) {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys)
        out.push({ field: base ? `${base}.${key}` : key, message: "Unknown field" });
    } else {
      out.push({ field: base || prefix || "body", message: issue.message });
    }
  }
  return out;
}

/** "Invalid <field>" when one field is wrong, "Invalid request" otherwise (the details are in `errors`). */
export function invalidMessage(errors: FieldError[]): string {
  const fields = new Set(errors.map((e) => e.field.split(".")[0]));
  return fields.size === 1 ? `Invalid ${[...fields][0]}` : "Invalid request";
}

export function parseWith<S extends z.ZodType>(schema: S, input: unknown, prefix?: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const errors = fieldErrors(result.error, prefix);
    throw invalid(invalidMessage(errors), errors);
  }
  return result.data;
}

/** Reads a JSON body: 413 over 1 MB, 400 "Invalid JSON" when it does not parse. */
export async function readJson(req: Request): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw tooLarge();
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("Invalid JSON");
  }
}

/** Query string as an object; a repeated key becomes an array. */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

// Shared field rules used by several domains.
/** A date-time with an offset, as every time field and filter of the API takes it. */
export const rfc3339 = z.iso.datetime({
  offset: true,
  message: "must be an RFC 3339 date-time like 2026-10-10T15:00:00Z",
});

/** An IANA zone name the runtime knows (Europe/Berlin, UTC); not an offset like +01:00. */
export function isTimeZone(v: string): boolean {
  if (!/^[A-Za-z][\w+-]*(\/[\w+-]+)*$/.test(v)) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: v });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: "must be an IANA time zone like Europe/Paris" });

/** A stable key (a template's code, a workflow's key, a category): lower-case letters, digits, `_`, `.`, `-`. */
export function keySchema(max: number) {
  return z.string({ message: "must be a string" }).regex(new RegExp(`^[a-z0-9_.-]{1,${max}}$`), {
    message: `must be 1–${max} characters of a-z, 0-9, _, . and -`,
  });
}

export const MAX_CATEGORY = 64;
export const categorySchema = keySchema(MAX_CATEGORY);

export const pageQuery = {
  page: z.coerce
    .number({ message: "must be a whole number ≥ 1" })
    .int()
    .min(1, { message: "must be ≥ 1" })
    .default(1),
  page_size: z.coerce
    .number({ message: "must be a whole number from 1 to 100" })
    .int()
    .min(1, { message: "must be from 1 to 100" })
    .max(100, { message: "must be from 1 to 100" })
    .default(20),
};

/** How many rows offset pagination reaches: the database reads and skips every row before a page. */
export const MAX_PAGE_DEPTH = 10_000;

/**
 * The offset of a page; a page past MAX_PAGE_DEPTH rows is refused (400 on `page`). `deeper` is what
 * the list offers instead: its cursor (next_cursor), or only its filters.
 */
export function pageOffset(q: { page: number; page_size: number }, deeper: "cursor" | "filters"): number {
  if (q.page * q.page_size > MAX_PAGE_DEPTH) {
    const last = Math.floor(MAX_PAGE_DEPTH / q.page_size);
    const hint = deeper === "cursor" ? "use the cursor for deep pages" : "narrow the list with its filters";
    const message = `must be at most ${last} with page_size ${q.page_size} (pages reach the first ${MAX_PAGE_DEPTH} rows): ${hint}`;
    throw invalid("Invalid page", [{ field: "page", message }]);
  }
  return (q.page - 1) * q.page_size;
}

/** The response fields pageOf fills, for an offset-paged list's schema. */
export const pageFields = {
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
};

export function pageOf(total: number, page: number, pageSize: number) {
  return { total, page, page_size: pageSize, total_pages: Math.ceil(total / pageSize) };
}
