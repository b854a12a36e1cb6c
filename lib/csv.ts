// CSV writing for exports that people open in spreadsheets: RFC 4180 quoting, and cells that a
// spreadsheet would run as a formula are neutralised (OWASP "CSV injection").

/** A cell starting with one of these is a formula (or becomes one) in Excel, Sheets and LibreOffice. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell: null/undefined are empty, formulas get a leading `'`, quotes/commas/newlines are quoted. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  let text =
    value instanceof Date
      ? value.toISOString()
      : typeof value === "object"
        ? JSON.stringify(value)
        : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (with its CRLF terminator, as RFC 4180 has it). */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

export type CsvColumn<T> = { header: string; value: (row: T) => unknown };

/**
 * Streams a CSV: the header, then each page `nextPage` yields, until it yields null. Pages are
 * fetched as the client reads, so a large log never sits in memory whole.
 */
export function csvStream<T>(
  columns: readonly CsvColumn<T>[],
  nextPage: () => Promise<T[] | null>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        // A BOM so Excel reads UTF-8 (names in any script) correctly.
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(columns.map((c) => c.header))}`));
        return;
      }
      const rows = await nextPage();
      if (rows === null) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(rows.map((r) => csvRow(columns.map((c) => c.value(r)))).join("")));
    },
  });
}
