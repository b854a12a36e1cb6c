// A template's content compiled once: every block's fields per locale, the variables they read, the
// locale a recipient gets (exact, then by language, then the default), and rendered channel blocks.
import { compile } from "html-to-text";
import type { NotificationChannel, TemplateBlocks, TemplateVariable } from "../db/schema";
import type { FieldError } from "../errors";
import {
  compileField,
  renderField as renderCompiled,
  TemplateSyntaxError,
  type CompiledField,
  type OutputMode,
} from "./engine";
import { blockField, channelSpec, type BlockFieldSpec, type ChannelSpec } from "../vocabulary/channels";

export type TemplateContent = {
  defaultLocale: string;
  blocks: TemplateBlocks;
  variables: TemplateVariable[];
};

/** What a template's text may read besides the params: the recipient. */
export const RESERVED_VARIABLES = new Set(["user"]);

export type RenderedBlock = Record<string, string | Record<string, string>>;

type FieldSpec = { path: string[]; source: string; mode: OutputMode };

/** Every Liquid field of one channel block (wechat's `data` entries one by one). */
function fieldsOf(channel: NotificationChannel, block: Record<string, unknown>): FieldSpec[] {
  const spec: ChannelSpec = channelSpec[channel];
  const out: FieldSpec[] = [];
  for (const { name, output } of spec.fields as readonly BlockFieldSpec[]) {
    const value = block[name];
    if (typeof value === "string") out.push({ path: [name], source: value, mode: output });
  }
  if (spec.data && block.data && typeof block.data === "object") {
    for (const [key, value] of Object.entries(block.data as Record<string, unknown>)) {
      if (typeof value === "string") out.push({ path: ["data", key], source: value, mode: "text" });
    }
  }
  return out;
}

const norm = (locale: string) => locale.toLowerCase().replace(/_/g, "-");
const language = (locale: string) => norm(locale).split("-")[0]!;

/** Locales to try for a recipient, best first: exact, the bare language, a sibling, then the default's. */
export function localeCandidates(
  requested: string | null | undefined,
  defaultLocale: string,
  available: string[],
): string[] {
  const out: string[] = [];
  const add = (l: string | undefined) => {
    if (l !== undefined && !out.includes(l)) out.push(l);
  };
  if (requested) {
    const r = norm(requested);
    add(available.find((a) => norm(a) === r));
    add(available.find((a) => norm(a) === language(r)));
    add(available.find((a) => language(a) === language(r)));
  }
  add(available.find((a) => norm(a) === norm(defaultLocale)));
  add(available.find((a) => language(a) === language(defaultLocale)));
  return out;
}

const headings = ["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({
  selector,
  // A plain email reads better without shouting headings, one blank line around them.
  options: { uppercase: false, leadingLineBreaks: 2, trailingLineBreaks: 2 },
}));

// Emails lay out with tables: rows become lines and cells words, not a grid of columns.
const toText = compile({
  wordwrap: false,
  selectors: [
    { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
    ...headings,
    { selector: "img", format: "altText" },
    { selector: "table", format: "block", options: { leadingLineBreaks: 2, trailingLineBreaks: 2 } },
    { selector: "tr", format: "block", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "td", format: "cell" },
    { selector: "th", format: "cell" },
  ],
  formatters: {
    // A tracking pixel or spacer says nothing; an image with alt text says that.
    altText(elem, _walk, builder) {
      const alt: unknown = elem.attribs?.alt;
      if (typeof alt === "string" && alt.trim()) builder.addInline(alt);
    },
    cell(elem, walk, builder) {
      walk(elem.children, builder);
      builder.addInline(" ", { noWordTransform: true });
    },
  },
});

/** The plain-text part of an email from its HTML body: entities decoded, links as `text [url]`. */
export function htmlToText(html: string): string {
  // A non-breaking space means nothing without wrapping; mail clients show a plain one reliably.
  return toText(html).replaceAll("\u00a0", " ").trim();
}

export class CompiledTemplate {
  private readonly compiled = new Map<string, CompiledField>();
  readonly locales: string[];

  constructor(readonly content: TemplateContent) {
    this.locales = Object.keys(content.blocks);
  }

  /**
   * Parses every field now (a save does this to refuse syntax errors, and a send to fail before
   * writing). Returns the field errors, named `blocks.<locale>.<channel>.<field>`.
   */
  compileAll(): FieldError[] {
    const errors: FieldError[] = [];
    for (const [locale, channels] of Object.entries(this.content.blocks)) {
      for (const [channel, block] of Object.entries(channels)) {
        for (const f of fieldsOf(channel as NotificationChannel, block)) {
          try {
            this.field(locale, channel as NotificationChannel, f.path, f.mode);
          } catch (err) {
            if (!(err instanceof TemplateSyntaxError)) throw err;
            errors.push({
              field: err.field,
              message: `Liquid syntax error at line ${err.line}, column ${err.column}: ${err.reason}`,
            });
          }
        }
      }
    }
    return errors;
  }

  /** The names the blocks read (top level, e.g. `order` for `{{ order.id }}`), recipient fields aside. */
  variableNames(): string[] {
    const names = new Set<string>();
    for (const c of this.compiled.values()) for (const g of c.globals) names.add(g);
    for (const r of RESERVED_VARIABLES) names.delete(r);
    return [...names].sort();
  }

  /** Whether the channel's block (in any locale) reads one of the names, e.g. `user`. */
  reads(channel: NotificationChannel, name: string, field?: string): boolean {
    for (const [locale, channels] of Object.entries(this.content.blocks)) {
      const block = channels[channel];
      if (!block) continue;
      for (const f of fieldsOf(channel, block)) {
        if (field !== undefined && f.path[0] !== field) continue;
        if (this.field(locale, channel, f.path, f.mode).globals.includes(name)) return true;
      }
    }
    return false;
  }

  /**
   * The recipient fields (`user.<field>`) the channel's blocks read, in any locale; null when one
   * reads `user` as a whole (or by a computed key) and so may need every field.
   */
  userFields(channel: NotificationChannel): Set<string> | null {
    const out = new Set<string>();
    for (const [locale, channels] of Object.entries(this.content.blocks)) {
      const block = channels[channel];
      if (!block) continue;
      for (const f of fieldsOf(channel, block)) {
        for (const path of this.field(locale, channel, f.path, f.mode).paths) {
          if (path !== "user" && !path.startsWith("user.") && !path.startsWith("user[")) continue;
          const m = /^user\.(\w+)/.exec(path);
          if (!m) return null;
          out.add(m[1]!);
        }
      }
    }
    return out;
  }

  /** Locales that have a block for the channel. */
  localesWith(channel: NotificationChannel): string[] {
    return this.locales.filter((l) => this.content.blocks[l]?.[channel] !== undefined);
  }

  /** The locale whose block a recipient with `requested` gets for the channel; null without any. */
  localeFor(channel: NotificationChannel, requested: string | null | undefined): string | null {
    return localeCandidates(requested, this.content.defaultLocale, this.localesWith(channel))[0] ?? null;
  }

  private field(
    locale: string,
    channel: NotificationChannel,
    path: string[],
    mode: OutputMode,
  ): CompiledField {
    const key = `${mode}:${locale}.${channel}.${path.join(".")}`;
    let c = this.compiled.get(key);
    if (!c) {
      let source: unknown = this.content.blocks[locale]?.[channel];
      for (const p of path) source = (source as Record<string, unknown> | undefined)?.[p];
      c = compileField(`blocks.${locale}.${channel}.${path.join(".")}`, String(source ?? ""), mode);
      this.compiled.set(key, c);
    }
    return c;
  }

  /**
   * Renders one field of a block. `plain` renders HTML-escaped fields as text (an in-app block
   * standing in for a text channel's missing one).
   */
  renderField(
    locale: string,
    channel: NotificationChannel,
    name: string,
    scope: object,
    plain = false,
  ): string | undefined {
    const block = this.content.blocks[locale]?.[channel];
    if (!block || typeof block[name] !== "string") return undefined;
    const mode = plain ? "text" : blockField(channel, name)!.output;
    const c = this.field(locale, channel, [name], mode);
    return renderCompiled(`blocks.${locale}.${channel}.${name}`, c, scope);
  }

  /** Renders a whole block of one locale. */
  renderBlock(locale: string, channel: NotificationChannel, scope: object, plain = false): RenderedBlock {
    const block = this.content.blocks[locale]?.[channel];
    if (!block) return {};
    const out: RenderedBlock = {};
    for (const f of fieldsOf(channel, block)) {
      const mode = plain ? "text" : f.mode;
      const text = renderCompiled(
        `blocks.${locale}.${channel}.${f.path.join(".")}`,
        this.field(locale, channel, f.path, mode),
        scope,
      );
      if (f.path.length === 2) ((out.data ??= {}) as Record<string, string>)[f.path[1]!] = text;
      else out[f.path[0]!] = text;
    }
    if (channel === "email" && typeof out.html === "string" && out.text === undefined) {
      out.text = htmlToText(out.html);
    }
    if (channel === "wechat") out.data ??= {};
    return out;
  }
}

/** The params a render sees: given values, else defaults; required ones with neither are missing. */
export function resolveParams(
  variables: TemplateVariable[],
  params: Record<string, unknown>,
  fallbackToExamples = false,
): { values: Record<string, unknown>; missing: string[] } {
  const values: Record<string, unknown> = { ...params };
  const missing: string[] = [];
  for (const v of variables) {
    if (values[v.name] !== undefined && values[v.name] !== null) continue;
    if (v.default !== undefined) values[v.name] = v.default;
    else if (fallbackToExamples && v.example !== undefined) values[v.name] = v.example;
    else if (v.required) missing.push(v.name);
  }
  for (const r of RESERVED_VARIABLES) delete values[r];
  return { values, missing };
}
