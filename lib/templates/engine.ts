// The Liquid engine of templates: compile with positions in errors, render with time and size limits,
// and find the variables a template reads. No file system, no code execution.
import { Liquid, type Template } from "liquidjs";
import type { OutputMode } from "../vocabulary/channels";
import { escapeHtml } from "../vocabulary/html";

/** `html` escapes every output (email HTML, in-app); `text` leaves it as is (subjects, SMS, push). */
export type { OutputMode };

/** Template source per field, e.g. a 64 KiB email body; bigger sources are refused at parse. */
export const MAX_SOURCE_CHARS = 64 * 1024;
/** Rendered output per field. */
export const MAX_OUTPUT_CHARS = 64 * 1024;
/** Time one render of one field may take. */
export const RENDER_LIMIT_MS = 200;

/** A field that does not parse: what is wrong and where (1-based line and column). */
export class TemplateSyntaxError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${field}: ${reason} at line ${line}, column ${column}`);
    this.name = "TemplateSyntaxError";
  }
}

/** A field that parsed but could not render (a limit was hit, a filter failed). */
export class TemplateRenderError extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = "TemplateRenderError";
  }
}

// Tags that read other templates: with no file system there is nothing for them to read.
const FILE_TAGS = ["include", "render", "layout"];

function createEngine(mode: OutputMode): Liquid {
  const engine = new Liquid({
    // An in-memory file system with nothing in it: no tag can reach the disk.
    templates: {},
    outputEscape: mode === "html" ? "escape" : undefined,
    strictFilters: true,
    ownPropertyOnly: true,
    parseLimit: MAX_SOURCE_CHARS,
    renderLimit: RENDER_LIMIT_MS,
    memoryLimit: 8 * 1024 * 1024,
    cache: false,
  });
  for (const name of FILE_TAGS) {
    engine.registerTag(name, {
      parse() {
        throw new Error(`tag "${name}" is not available in templates`);
      },
      render() {
        return "";
      },
    });
  }
  return engine;
}

const engines: Record<OutputMode, Liquid> = { html: createEngine("html"), text: createEngine("text") };

/**
 * The older `{name}` placeholders stay valid as shorthand for `{{ name }}`. Returns the Liquid source and,
 * per line, the columns where two characters were inserted (to report positions in the author's text).
 */
function expandShorthand(source: string): { liquid: string; shifts: Map<number, number[]> } {
  const shifts = new Map<number, number[]>();
  if (!source.includes("{")) return { liquid: source, shifts };
  const lines = source.split("\n");
  const out = lines.map((line, i) =>
    line.replace(/(?<![{%])\{([A-Za-z_][\w.]*)\}(?!\})/g, (_m, name: string, offset: number) => {
      const list = shifts.get(i + 1) ?? [];
      list.push(offset + 1);
      shifts.set(i + 1, list);
      return `{{${name}}}`;
    }),
  );
  return { liquid: out.join("\n"), shifts };
}

function authorColumn(shifts: Map<number, number[]>, line: number, column: number): number {
  let removed = 0;
  // The j-th expansion on the line starts 2·j characters further right in the Liquid source.
  (shifts.get(line) ?? []).forEach((start, j) => {
    if (start + 2 * j < column) removed += 2;
  });
  return Math.max(1, column - removed);
}

export type CompiledField = {
  mode: OutputMode;
  templates: Template[];
  /** Top-level names it reads (e.g. `order`, `user`). */
  globals: string[];
  /** The full paths it reads (e.g. `order.id`, `user.name`). */
  paths: string[];
  /** Text and `{{ a.b }}` outputs only (most titles): literal strings and variable paths. */
  simple?: (string | string[])[];
};

const PLAIN_OUTPUT = /\{\{\s*([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\s*\}\}/g;

/** The parts of a source made of text and plain `{{ a.b }}` outputs only; undefined otherwise. */
function simpleParts(liquid: string): (string | string[])[] | undefined {
  const parts: (string | string[])[] = [];
  let last = 0;
  for (const m of liquid.matchAll(PLAIN_OUTPUT)) {
    if (m.index > last) parts.push(liquid.slice(last, m.index));
    parts.push(m[1]!.split("."));
    last = m.index + m[0].length;
  }
  if (last < liquid.length) parts.push(liquid.slice(last));
  // Any other markup (tags, filters, whitespace control) goes through the engine.
  if (parts.some((p) => typeof p === "string" && /\{[{%]/.test(p))) return undefined;
  return parts;
}

/**
 * Renders simple parts exactly as Liquid would (same escaping, nil as empty), or undefined when a
 * value needs Liquid's own rules (an array, an object, a missing or special property like `size`).
 */
function renderSimple(parts: (string | string[])[], scope: object, escape: boolean): string | undefined {
  let out = "";
  for (const part of parts) {
    if (typeof part === "string") {
      out += part;
      continue;
    }
    let v: unknown = scope;
    for (const key of part) {
      if (v === null || typeof v !== "object" || Array.isArray(v) || !Object.hasOwn(v, key)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
    if (v === null || v === undefined) continue;
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") return undefined;
    out += escape ? escapeHtml(String(v)) : String(v);
  }
  return out;
}

/** Parses one field; a syntax error names the field and its line and column. */
export function compileField(field: string, source: string, mode: OutputMode): CompiledField {
  const engine = engines[mode];
  const { liquid, shifts } = expandShorthand(source);
  try {
    const templates = engine.parse(liquid);
    return {
      mode,
      templates,
      globals: engine.globalVariablesSync(templates),
      paths: engine.globalFullVariablesSync(templates),
      simple: simpleParts(liquid),
    };
  } catch (err) {
    const e = err as Error & { token?: { getPosition?: () => [number, number] } };
    const [line, column] = e.token?.getPosition?.() ?? [1, 1];
    const reason = e.message.replace(/, line:\d+, col:\d+$/, "");
    throw new TemplateSyntaxError(field, reason, line, authorColumn(shifts, line, column));
  }
}

/** Renders one compiled field; limits on time, memory and output size apply. */
export function renderField(field: string, compiled: CompiledField, scope: object): string {
  // A per-recipient title is rendered 100,000 times in a large send: plain outputs skip the engine.
  const fast = compiled.simple && renderSimple(compiled.simple, scope, compiled.mode === "html");
  if (fast !== undefined && fast.length <= MAX_OUTPUT_CHARS) return fast;
  let out: string;
  try {
    out = engines[compiled.mode].renderSync(compiled.templates, scope) as string;
  } catch (err) {
    throw new TemplateRenderError(field, (err as Error).message.replace(/, line:\d+, col:\d+$/, ""));
  }
  if (out.length > MAX_OUTPUT_CHARS) {
    throw new TemplateRenderError(field, `output is over ${MAX_OUTPUT_CHARS} characters`);
  }
  return out;
}
