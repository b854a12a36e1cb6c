import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvCell, csvRow, csvStream } from "./csv";

describe("csvCell", () => {
  it.each(['=HYPERLINK("http://evil")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])(
    "neutralises the formula %j with a leading quote",
    (v) => {
      const cell = csvCell(v);
      const parsed = Papa.parse<string[]>(cell, { delimiter: "," }).data[0]![0]!;
      expect(parsed.startsWith("'")).toBe(true);
      expect(parsed.slice(1)).toBe(v);
    },
  );

  it("leaves ordinary text, numbers and dates alone", () => {
    expect(csvCell("Order shipped")).toBe("Order shipped");
    expect(csvCell(3)).toBe("3");
    expect(csvCell(new Date("2026-01-02T03:04:05.000Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes commas, quotes and newlines so the row round-trips", () => {
    const values = ['He said "hi", then left', "line1\nline2", "a,b", "=1+1"];
    const line = csvRow(values);
    expect(line.endsWith("\r\n")).toBe(true);
    const [row] = Papa.parse<string[]>(line.trimEnd()).data;
    expect(row).toEqual(['He said "hi", then left', "line1\nline2", "a,b", "'=1+1"]);
  });

  it("writes objects as JSON", () => {
    expect(Papa.parse<string[]>(csvCell({ order: 7 })).data[0]).toEqual(['{"order":7}']);
  });
});

describe("csvStream", () => {
  it("writes a BOM and header, then every page until the source ends", async () => {
    const pages = [[{ n: 1 }, { n: 2 }], [{ n: 3 }]];
    const stream = csvStream(
      [{ header: "n", value: (r: { n: number }) => r.n }],
      async () => pages.shift() ?? null,
    );
    // Decoded by hand: Response.text() would drop the BOM the test checks for.
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe("\uFEFFn\r\n1\r\n2\r\n3\r\n");
  });
});
