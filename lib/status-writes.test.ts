// Only the status machines move a notification's, a delivery's, an announcement's, a workflow run's or trigger's
// status: anywhere else in lib/ or server/, a write (or the guard of one) that spells a status as a literal fails here, by file:line.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  announcementStatuses,
  deliveryStatuses,
  notificationStatuses,
  workflowRunStatuses,
  workflowStepStatuses,
  workflowTriggerStatuses,
} from "./vocabulary/enums";

const ROOT = path.resolve(import.meta.dirname, "..");
const SCANNED = ["lib", "server"];
const MACHINES = new Set([
  "lib/notifications/status.ts",
  "lib/vocabulary/delivery-status.ts",
  "lib/announcements/status.ts",
  "lib/vocabulary/workflow-run-status.ts",
]);

const LITERAL = `(?:${[
  ...new Set([
    ...notificationStatuses,
    ...deliveryStatuses,
    ...workflowRunStatuses,
    ...workflowStepStatuses,
    ...workflowTriggerStatuses,
  ]),
].join("|")})`;
const quoted = (q: string, literal = LITERAL) => `${q}${literal}${q}`;
// Announcement statuses are checked in written rows only: their SQL reads (`a.status = 'published'`)
// must stay literals to match the partial indexes' predicates.
const ANNOUNCEMENT_LITERAL = `(?:${announcementStatuses.join("|")})`;

/** Single-statement patterns: each match is one offence. */
const RULES: { name: string; pattern: RegExp }[] = [
  {
    // set status = 'sent', where status = 'pending', d.status <> 'queued'
    name: "status set to or compared with a SQL literal",
    pattern: new RegExp(String.raw`\bstatus\s*(?:=|<>|!=)\s*${quoted("'")}`, "gi"),
  },
  {
    name: "status set by a CASE over SQL literals",
    pattern: new RegExp(String.raw`\bstatus\s*=\s*case\b[^;\`]*?\b(?:then|else)\s+${quoted("'")}`, "gi"),
  },
  {
    name: "status guarded by a literal list",
    pattern: new RegExp(
      String.raw`\b(?:inArray|notInArray)\(\s*[\w.]+\.status\s*,\s*\[\s*${quoted(`["'\`]`)}`,
      "g",
    ),
  },
  {
    name: "status guarded by a literal",
    pattern: new RegExp(String.raw`\b(?:eq|ne)\(\s*[\w.]+\.status\s*,\s*${quoted(`["'\`]`)}`, "g"),
  },
  {
    // const status = scheduled ? "pending" : "sent": the machine's initial status, chosen inline.
    name: "status chosen by a conditional over literals",
    pattern: new RegExp(String.raw`\bstatus\s*=\s*[^;=\n]*\?\s*${quoted(`["']`)}`, "g"),
  },
];

/** Calls whose object argument is a row being written: a `status: "…"` inside one is an offence. */
const WRITE_CALL = /(?:\.set|\.values|\binsertNotifications)\(/g;
const STATUS_PROPERTY = new RegExp(
  String.raw`\bstatus\s*:\s*(?:sql\`)?(?:${quoted(`["'\`]`)}|${quoted(`["'\`]`, ANNOUNCEMENT_LITERAL)})`,
  "g",
);
/** A SQL insert into a machine's table, up to its returning clause or the end of the template. */
const SQL_INSERT =
  /\binsert\s+into\s+(?:notifications|deliveries|workflow_runs|workflow_run_steps)\b[^`]*?(?=\breturning\b|`|$)/gi;
/** A SQL literal, or a TypeScript one in an interpolated value. */
const SQL_LITERAL = new RegExp(quoted(`["']`), "g");

/** The text from an opening parenthesis to its match (strings are not parsed: none here nests one). */
function argumentsAt(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "(") depth++;
    else if (source[i] === ")" && --depth === 0) return source.slice(open, i + 1);
  }
  return source.slice(open);
}

export type Offence = { line: number; rule: string; text: string };

/** Every literal status write in one module's source. */
export function literalStatusWrites(source: string): Offence[] {
  const found: Offence[] = [];
  const lineAt = (index: number) => source.slice(0, index).split("\n").length;
  const add = (index: number, rule: string, text: string) =>
    found.push({ line: lineAt(index), rule, text: text.replace(/\s+/g, " ").trim() });
  for (const { name, pattern } of RULES) {
    for (const m of source.matchAll(pattern)) add(m.index, name, m[0]);
  }
  for (const call of source.matchAll(WRITE_CALL)) {
    const open = call.index + call[0].length - 1;
    for (const m of argumentsAt(source, open).matchAll(STATUS_PROPERTY)) {
      add(open + m.index, `status literal in ${call[0]})`, m[0]);
    }
  }
  for (const insert of source.matchAll(SQL_INSERT)) {
    for (const m of insert[0].matchAll(SQL_LITERAL)) {
      add(insert.index + m.index, "status literal in a SQL insert", m[0]);
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$|\.d\.ts$/.test(e.name) ? [rel] : [];
  });
}

describe("status writes", () => {
  it("move a status only through the status machines (no literal status outside them)", () => {
    const files = SCANNED.flatMap(sourceFiles).filter((f) => !MACHINES.has(f));
    expect(files.length).toBeGreaterThan(100);
    const offences = files.flatMap((file) =>
      literalStatusWrites(readFileSync(path.join(ROOT, file), "utf8")).map(
        (o) => `${file}:${o.line} ${o.rule}: ${o.text}`,
      ),
    );
    expect(offences).toEqual([]);
  });

  it.each([
    ["sql`update notifications set status = 'cancelled' where id = ${id}`", 1],
    ["sql`select 1 from notifications\n where n.status = 'pending'`", 2],
    ["sql`update deliveries d set\n  status = case when ok then 'sent' else 'failed' end`", 2],
    ['db.update(deliveries)\n  .set({\n    reason,\n    status: "cancelled",\n  })', 4],
    ['tx.insert(deliveries).values({ channel, status: "queued" })', 1],
    ['await insertNotifications(tx, { tenantId, status: "sent" })', 1],
    ['.where(and(which, inArray(deliveries.status, ["queued"])))', 1],
    ['.where(eq(deliveries.status, "sending"))', 1],
    ['.set({ status: "archived", archivedAt: sql`now()` })', 1],
    ["sql`insert into deliveries (user_id, status)\n select r.user_id, 'queued' from r`", 2],
    ['sql`insert into notifications (status)\n values (${n.status ?? "pending"})`', 2],
    ['const status = scheduledAt ? "pending" : inApp ? "sent" : "processing";', 1],
  ])("flags %j at its line", (source, line) => {
    expect(literalStatusWrites(source).map((o) => o.line)).toEqual([line]);
  });

  it.each([
    ".set({ status: to, reason }).where(inArray(deliveries.status, sourcesOf(to)))",
    'return { kind: "status", status: "delivered" };',
    'return { deliveryId, status: "sent" };',
    "sql`set status = ${to} where status = any(${sql.param(from)}::text[])`",
    "sql`a.status = 'published' and a.deleted_at is null`",
    'if (s.status === "queued") return;',
    'const sentAt = status === "sent" ? now : null;',
    "sql`insert into notifications (status) select ${INITIAL_NOTIFICATION_STATUS} returning id, 'sent'`",
  ])("leaves %j alone", (source) => {
    expect(literalStatusWrites(source)).toEqual([]);
  });
});
