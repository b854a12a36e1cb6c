// The template editor's model: the API's shapes, the fields each channel block has, and the form
// state <-> request body mapping.
import { blockField, channelLabel, channelSpec, type BlockFieldSpec } from "@/lib/vocabulary/channels";
import {
  notificationChannels as CHANNELS,
  notificationTypes,
  type NotificationChannel,
  type NotificationType,
} from "@/lib/vocabulary/enums";
import { compileField, TemplateSyntaxError } from "@/lib/templates/engine";
import { templateCreateSchema, templateUpdateSchema } from "@/lib/templates/schema";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import type { PreviewResult } from "@/lib/templates/render";
import type { TemplateJson, TemplateVersionJson } from "@/lib/templates/store";

export type { PreviewResult, TemplateJson, TemplateVersionJson };

export { CHANNELS, channelLabel };

export const TEMPLATES_API = "/api/v1/notifications/templates";
export const TYPES = notificationTypes;

/** The text fields of each channel's block, from the channel spec (WeChat's `data` map is edited separately). */
export const channelFields = (channel: NotificationChannel): readonly BlockFieldSpec[] =>
  channelSpec[channel].fields;

export type Block = Record<string, string | Record<string, string>>;
export type Blocks = Record<string, Partial<Record<NotificationChannel, Block>>>;
export type Variable = { name: string; required: boolean; default?: string; example?: string };

export type TemplateForm = {
  code: string;
  name: string;
  description: string;
  type: NotificationType;
  channels: NotificationChannel[];
  is_active: boolean;
  default_locale: string;
  blocks: Blocks;
  variables: Variable[];
};

export function emptyForm(): TemplateForm {
  return {
    code: "",
    name: "",
    description: "",
    type: "info",
    channels: ["app"],
    is_active: true,
    default_locale: "en",
    blocks: { en: { app: { title: "", content: "" } } },
    variables: [],
  };
}

export function formOf(
  t: TemplateJson | (TemplateVersionJson & { code?: string; is_active?: boolean }),
): TemplateForm {
  return {
    code: "code" in t && t.code ? t.code : "",
    name: t.name,
    description: t.description ?? "",
    type: (TYPES as readonly string[]).includes(t.type) ? (t.type as TemplateForm["type"]) : "info",
    channels: t.channels as NotificationChannel[],
    is_active: "is_active" in t ? Boolean(t.is_active) : true,
    default_locale: t.default_locale,
    blocks: structuredClone(t.blocks) as Blocks,
    variables: t.variables.map((v) => ({ ...v })),
  };
}

/** The blocks as the API takes them: empty optional fields dropped (an empty string is "must not be empty"). */
export function cleanBlocks(blocks: Blocks): Blocks {
  const out: Blocks = {};
  for (const [locale, channels] of Object.entries(blocks)) {
    out[locale] = {};
    for (const [channel, block] of Object.entries(channels) as [NotificationChannel, Block][]) {
      const clean: Block = {};
      for (const [k, v] of Object.entries(block)) {
        if (typeof v === "string") {
          const required = blockField(channel, k)?.required;
          if (v !== "" || required) clean[k] = v;
        } else clean[k] = v;
      }
      out[locale]![channel] = clean;
    }
  }
  return out;
}

export type PreviewDraft = Pick<ReturnType<typeof bodyOf>, "default_locale" | "blocks" | "variables">;

/** What the preview endpoint renders instead of the saved version. */
export function draftOf(form: TemplateForm): PreviewDraft {
  const { default_locale, blocks, variables } = bodyOf(form, false);
  return { default_locale, blocks, variables };
}

export function bodyOf(form: TemplateForm, isNew: boolean) {
  return {
    ...(isNew ? { code: form.code } : {}),
    name: form.name,
    description: form.description.trim() === "" ? null : form.description,
    type: form.type,
    channels: form.channels,
    is_active: form.is_active,
    default_locale: form.default_locale,
    blocks: cleanBlocks(form.blocks),
    variables: form.variables.map((v) => ({
      name: v.name,
      required: v.required,
      ...(v.default ? { default: v.default } : {}),
      ...(v.example ? { example: v.example } : {}),
    })),
  };
}

/** The form checked as the create or update endpoint checks the body it makes (Liquid is the server's). */
export const templateResolver = (isNew: boolean) =>
  requestResolver(isNew ? templateCreateSchema : templateUpdateSchema, (form: TemplateForm) =>
    bodyOf(form, isNew),
  );

/** An empty block for a channel, with its required fields present so they show as inputs. */
export function emptyBlock(channel: NotificationChannel): Block {
  const block: Block = {};
  for (const f of channelFields(channel)) if (f.required) block[f.name] = "";
  if (channel === "wechat") block.data = {};
  return block;
}

/**
 * A readable text of a template's content for diffs: settings first, then one section per locale,
 * channel and field.
 */
export function contentText(
  t: Pick<
    TemplateForm,
    "name" | "description" | "type" | "channels" | "default_locale" | "blocks" | "variables"
  >,
): string {
  const lines = [
    `Name: ${t.name}`,
    `Description: ${t.description ?? ""}`,
    `Type: ${t.type}`,
    `Channels: ${t.channels.join(", ")}`,
    `Default locale: ${t.default_locale}`,
    `Variables: ${t.variables
      .map(
        (v) =>
          `${v.name}${v.required ? "*" : ""}${v.default ? ` = ${v.default}` : ""}${v.example ? ` (e.g. ${v.example})` : ""}`,
      )
      .join(", ")}`,
  ];
  for (const locale of Object.keys(t.blocks).sort()) {
    for (const channel of CHANNELS) {
      const block = t.blocks[locale]?.[channel];
      if (!block) continue;
      for (const [field, value] of Object.entries(block)) {
        lines.push("", `[${locale} · ${channelLabel[channel]} · ${field}]`);
        if (typeof value === "string") lines.push(value);
        else for (const [k, v] of Object.entries(value)) lines.push(`${k}: ${v}`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

export type LiquidCheck = { errors: { field: string; message: string }[]; variables: string[] };

/**
 * Parses every field in the browser with the server's own Liquid setup (lib/templates/engine), so
 * syntax errors and the variables the content reads show while typing, not only on save.
 */
export function checkBlocks(blocks: Blocks): LiquidCheck {
  const errors: LiquidCheck["errors"] = [];
  const names = new Set<string>();
  const check = (field: string, source: string) => {
    try {
      // Parsing does not depend on the output mode (escaping only applies when rendering).
      for (const g of compileField(field, source, "text").globals) names.add(g);
    } catch (err) {
      if (!(err instanceof TemplateSyntaxError)) throw err;
      errors.push({
        field,
        message: `Liquid syntax error at line ${err.line}, column ${err.column}: ${err.reason}`,
      });
    }
  };
  for (const [locale, channels] of Object.entries(blocks)) {
    for (const [channel, block] of Object.entries(channels)) {
      for (const [name, value] of Object.entries(block ?? {})) {
        const path = `blocks.${locale}.${channel}.${name}`;
        if (typeof value === "string") check(path, value);
        else for (const [key, v] of Object.entries(value)) check(`${path}.${key}`, v);
      }
    }
  }
  // `user` is the recipient, never a param.
  names.delete("user");
  return { errors, variables: [...names].sort() };
}

/** The variables the content reads now, each with what the author said about it (new ones are required). */
export function liveVariables(names: string[], annotated: Variable[]): Variable[] {
  return names.map((name) => annotated.find((v) => v.name === name) ?? { name, required: true });
}
