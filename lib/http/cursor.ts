// Keyset pagination by (created_at, id), newest first, shared by every tenant-wide list.
// The cursor keeps created_at to the microsecond: a JavaScript Date would cut it to the
// millisecond, and rows written in one transaction (a whole send batch) share one timestamp.
import { and, eq, lt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { z } from "zod";
import { invalid } from "../errors";

const exactCreatedAt = z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);

export function encodeCursor(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Parses a cursor this API handed out; anything else is a 400 naming `cursor`. */
export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string): z.infer<S> {
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data;
  } catch {
    // falls through to the 400
  }
  throw invalid("Invalid cursor", [{ field: "cursor", message: "is not a cursor this API returned" }]);
}

/** created_at as exact UTC text, for building the next cursor. */
export const exactTime = (createdAt: AnyColumn) =>
  sql<string>`to_char(${createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The rows after `cursor` in (created_at desc, id desc) order. Ids are UUIDs, or integers for a
 * serial key (`idSchema`).
 */
export function afterTimeCursor(
  createdAt: AnyColumn,
  id: AnyColumn,
  cursor: string,
  idSchema: z.ZodType<string | number> = z.uuid(),
): SQL {
  const c = decodeCursor(z.object({ c: exactCreatedAt, i: idSchema }), cursor);
  const at = sql`${c.c}::timestamptz`;
  return or(lt(createdAt, at), and(eq(createdAt, at), lt(id, c.i)))!;
}

export function timeCursorOf(row: { exactCreatedAt: string; id: string | number }): string {
  return encodeCursor({ c: row.exactCreatedAt, i: row.id });
}
