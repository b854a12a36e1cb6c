// CSV import of users (id, email, phone, name, locale, timezone): every row is checked with the same
// schema as PUT /api/v1/users/:user_id, a dry run reports what would change and writes nothing,
// and the real import upserts the valid rows in one set-based statement.
//
// A bad row does not block the file: it is reported (row, field, message) and skipped, and the
// other rows are imported — what the dry run showed is exactly what the import does. Problems with
// the file itself (no id column, unknown columns, too big) refuse the whole import. The endpoint is
// admin-only (it may change anyone's email and phone); a soft-deleted user is reported and skipped,
// never restored: only POST /api/v1/users/:id/restore undeletes.
import Papa from "papaparse";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import { rowsOf, type Db, type Executor } from "../db/client";
import { invalid, tooLarge as bodyTooLarge, type FieldError } from "../errors";
import { MAX_UPLOAD_BYTES } from "../http/validation";
import { externalIdSchema, userUpsertSchema } from "./schema";

export const MAX_IMPORT_ROWS = 10_000;
export const MAX_IMPORT_BYTES = MAX_UPLOAD_BYTES;

export const importColumns = ["id", "email", "phone", "name", "locale", "timezone"] as const;
type Column = (typeof importColumns)[number];
type Fields = Exclude<Column, "id">;
const fieldColumns = importColumns.filter((c): c is Fields => c !== "id");
// `user_id` is what the REST API calls the id; a file exported from elsewhere may use either.
const headerAliases: Record<string, Column> = { user_id: "id" };

const bool = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const userImportQuery = z.strictObject({
  dry_run: bool.default(true).meta({ description: "true (the default): check and report, write nothing" }),
});

export const userImportBodySchema = z
  .strictObject({ csv: z.string().meta({ description: "The CSV text, header first" }) })
  .meta({
    description:
      "The CSV as JSON `{csv}`, or send the CSV itself with `Content-Type: text/csv`. Columns: id (required), email, phone, name, locale, timezone; an empty cell keeps the stored value.",
  });

export type ImportRowError = { row: number; field: string; message: string };

export type ImportRow = { id: string } & Partial<Record<Fields, string>>;

export type ImportResult = {
  dry_run: boolean;
  /** Data rows in the file (the header not counted). */
  rows: number;
  valid: number;
  skipped: number;
  created: number;
  updated: number;
  unchanged: number;
  errors: ImportRowError[];
};

export const importResultSchema = z
  .object({
    dry_run: z.boolean(),
    rows: z.number().int().meta({ description: "Data rows in the file" }),
    valid: z.number().int(),
    skipped: z.number().int().meta({ description: "Rows with errors: not imported" }),
    created: z.number().int().meta({ description: "New users (would be, on a dry run)" }),
    updated: z.number().int().meta({ description: "Existing users whose fields change" }),
    unchanged: z.number().int().meta({ description: "Rows that match what is stored: nothing written" }),
    errors: z.array(
      z.object({
        row: z
          .number()
          .int()
          .meta({ description: "The row's number as a spreadsheet shows it (the header is row 1)" }),
        field: z.string(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: "UserImportResult" });

const tooLarge = () => bodyTooLarge(`The file is over ${MAX_IMPORT_BYTES / 1024 / 1024} MB`);

/** The request body: the CSV text itself, or JSON `{csv}`; over 2 MB is a 413. */
export async function readImportBody(req: Request): Promise<string> {
  if (Number(req.headers.get("content-length") ?? "0") > MAX_IMPORT_BYTES + 64) throw tooLarge();
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES + 64) throw tooLarge();
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("json")) return text;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalid("Invalid JSON");
  }
  const parsed = userImportBodySchema.safeParse(json);
  if (!parsed.success)
    throw invalid("Invalid csv", [{ field: "csv", message: "must be the CSV as a string" }]);
  return parsed.data.csv;
}

/** Parses and checks the file: the valid rows and one error per bad field. File-level problems throw a 400. */
export function parseUserCsv(text: string): {
  rows: number;
  valid: ImportRow[];
  errors: ImportRowError[];
  /** Each id's row number, as a spreadsheet shows it. */
  rowOf: Map<string, number>;
} {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES) throw tooLarge();
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), {
    header: true,
    skipEmptyLines: "greedy",
    transformHeader: (h) => {
      const name = h.trim().toLowerCase();
      return headerAliases[name] ?? name;
    },
  });
  const headers = parsed.meta.fields ?? [];
  const fileErrors: FieldError[] = [];
  if (!headers.includes("id")) fileErrors.push({ field: "csv", message: "needs an id column" });
  const unknown = headers.filter((h) => !(importColumns as readonly string[]).includes(h));
  if (unknown.length > 0)
    fileErrors.push({
      field: "csv",
      message: `has unknown columns: ${unknown.join(", ")} (allowed: ${importColumns.join(", ")})`,
    });
  if (parsed.data.length > MAX_IMPORT_ROWS)
    fileErrors.push({ field: "csv", message: `has ${parsed.data.length} rows; at most ${MAX_IMPORT_ROWS}` });
  if (parsed.data.length === 0 && fileErrors.length === 0)
    fileErrors.push({ field: "csv", message: "has no rows under the header" });
  if (fileErrors.length > 0) throw invalid("Invalid csv", fileErrors);

  const errors: ImportRowError[] = [];
  const valid: ImportRow[] = [];
  const firstRow = new Map<string, number>();
  // Papa reports rows it could not read cleanly by 0-based data row. Too few cells is fine (the
  // missing ones are empty, as when a tool trims trailing commas); too many is ambiguous: an error.
  const malformed = new Map<number, string>();
  for (const e of parsed.errors)
    if (e.row !== undefined && e.row !== null && e.code !== "TooFewFields") malformed.set(e.row, e.message);

  parsed.data.forEach((record, i) => {
    // The row number a spreadsheet shows (header = 1), also for rows with a quoted line break.
    const rowNumber = i + 2;
    const rowErrors: ImportRowError[] = [];
    const problem = malformed.get(i);
    if (problem) rowErrors.push({ row: rowNumber, field: "row", message: problem });
    const id = externalIdSchema.safeParse((record.id ?? "").trim());
    if (!id.success) rowErrors.push({ row: rowNumber, field: "id", message: id.error.issues[0]!.message });
    // An empty cell means "keep what is stored": it is left out, not set to null.
    const input: Partial<Record<Fields, string>> = {};
    for (const c of fieldColumns) {
      const v = record[c]?.trim();
      if (v) input[c] = v;
    }
    const fields = userUpsertSchema.safeParse(input);
    if (!fields.success)
      for (const issue of fields.error.issues)
        rowErrors.push({
          row: rowNumber,
          field: issue.path.map(String).join(".") || "row",
          message: issue.message,
        });
    if (id.success) {
      const seen = firstRow.get(id.data);
      if (seen !== undefined)
        rowErrors.push({ row: rowNumber, field: "id", message: `appears twice (first on row ${seen})` });
      else firstRow.set(id.data, rowNumber);
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      return;
    }
    const f = fields.data!;
    const row: ImportRow = { id: id.data! };
    if (f.email) row.email = f.email.toLowerCase();
    if (f.phone) row.phone = f.phone;
    if (f.name) row.name = f.name;
    if (f.locale) row.locale = f.locale;
    if (f.timezone) row.timezone = f.timezone;
    valid.push(row);
  });
  return { rows: parsed.data.length, valid, errors, rowOf: firstRow };
}

const recordset = (rows: ImportRow[]) => sql`jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
  as r(id text, email text, phone text, name text, locale text, timezone text)`;

/**
 * Whether a row (`source`: the recordset `r`, or the upsert's `excluded`) changes a stored user `u`:
 * an empty cell keeps the stored value.
 */
const differs = (source: "r" | "excluded") => {
  const s = sql.raw(source);
  return sql`((coalesce(${s}.email, u.email), coalesce(${s}.phone, u.phone), coalesce(${s}.name, u.name),
      coalesce(${s}.locale, u.locale), coalesce(${s}.timezone, u.timezone))
     is distinct from (u.email, u.phone, u.name, u.locale, u.timezone))`;
};

/** Moves the rows of soft-deleted users from `valid` to the errors (they are not imported). */
async function setAsideDeleted(
  db: Executor,
  tenantId: string,
  parsed: { valid: ImportRow[]; errors: ImportRowError[]; rowOf: Map<string, number> },
): Promise<{ valid: ImportRow[]; errors: ImportRowError[] }> {
  const ids = parsed.valid.map((r) => r.id);
  if (ids.length === 0) return parsed;
  const deleted = new Set(
    rowsOf<{ external_id: string }>(
      await db.execute(sql`
        select external_id from users
        where tenant_id = ${tenantId}::uuid and external_id = any(${sql.param(ids)}::text[])
          and deleted_at is not null`),
    ).map((r) => r.external_id),
  );
  if (deleted.size === 0) return parsed;
  const errors = [...parsed.errors];
  for (const id of deleted)
    errors.push({
      row: parsed.rowOf.get(id)!,
      field: "id",
      message: "is a deleted user: restore it with POST /api/v1/users/:id/restore first",
    });
  errors.sort((a, b) => a.row - b.row);
  return { valid: parsed.valid.filter((r) => !deleted.has(r.id)), errors };
}

/**
 * Checks the file and, unless `dryRun`, upserts its valid rows in one transaction and one
 * statement. Rows that match what is stored are not written at all: importing the same file again
 * changes nothing (not even updated_at).
 */
export async function importUsers(
  db: Db,
  tenantId: string,
  csv: string,
  opts: { dryRun: boolean; actor: Actor },
): Promise<ImportResult> {
  const parsed = parseUserCsv(csv);
  const { rows } = parsed;
  const { valid, errors } = await setAsideDeleted(db, tenantId, parsed);
  const skippedRows = new Set(errors.map((e) => e.row)).size;
  const base = { dry_run: opts.dryRun, rows, valid: valid.length, skipped: skippedRows, errors };
  if (valid.length === 0) return { ...base, created: 0, updated: 0, unchanged: 0 };

  if (opts.dryRun) {
    const [plan] = rowsOf<{ created: number; updated: number }>(
      await db.execute(sql`
        select count(*) filter (where u.id is null)::int as created,
               count(*) filter (where u.id is not null and ${differs("r")})::int as updated
        from ${recordset(valid)}
        left join users u on u.tenant_id = ${tenantId}::uuid and u.external_id = r.id`),
    );
    return { ...base, ...plan!, unchanged: valid.length - plan!.created - plan!.updated };
  }

  return db.transaction(async (tx) => {
    const written = rowsOf<{ created: boolean }>(
      await tx.execute(sql`
        insert into users as u (tenant_id, external_id, email, phone, name, locale, timezone)
        select ${tenantId}::uuid, r.id, r.email, r.phone, r.name, r.locale, r.timezone
        from ${recordset(valid)}
        order by r.id -- one lock order for concurrent writers
        on conflict (tenant_id, external_id) do update set
          email = coalesce(excluded.email, u.email),
          phone = coalesce(excluded.phone, u.phone),
          name = coalesce(excluded.name, u.name),
          locale = coalesce(excluded.locale, u.locale),
          timezone = coalesce(excluded.timezone, u.timezone),
          updated_at = now()
        where u.deleted_at is null and ${differs("excluded")}
        returning (xmax = 0) as created`),
    );
    const created = written.filter((w) => w.created).length;
    const result = {
      ...base,
      created,
      updated: written.length - created,
      unchanged: valid.length - written.length,
    };
    await audit(tx, tenantId, opts.actor, "users.imported", undefined, {
      rows,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      skipped: result.skipped,
    });
    return result;
  });
}
