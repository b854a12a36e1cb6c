// Request and response schemas of /api/v1/notifications/templates, and the shape of a template's
// per-channel, per-locale content blocks (their fields come from the channel spec in lib/vocabulary).
import { z } from "zod";
import { keySchema, pageQuery } from "../http/validation";
import { channelSpec, type BlockFieldSpec } from "../vocabulary/channels";
import {
  notificationChannels,
  notificationTypes,
  oneOfMessage,
  type NotificationChannel,
} from "../vocabulary/enums";
import {
  jsonBytes,
  MAX_JSON_OBJECT_BYTES,
  MAX_TEMPLATE_CODE,
  MAX_TEMPLATE_LOCALES,
  MAX_TEMPLATE_NAME,
} from "../vocabulary/limits";

const source = (max: number) =>
  z
    .string({ message: "must be a string" })
    .min(1, { message: "must not be empty" })
    .max(max, { message: `must be at most ${max} characters` });
const optionalSource = (max: number) =>
  z
    .string({ message: "must be a string" })
    .max(max, { message: `must be at most ${max} characters` })
    .optional();

type FieldSchemas<C extends NotificationChannel> = {
  [F in (typeof channelSpec)[C]["fields"][number] as F["name"]]: F["required"] extends true
    ? ReturnType<typeof source>
    : ReturnType<typeof optionalSource>;
};

/** A channel's block schema, from its fields in the channel spec. */
function blockSchemaOf<C extends NotificationChannel>(channel: C): FieldSchemas<C> {
  const shape: Record<string, z.ZodType> = {};
  for (const f of channelSpec[channel].fields as readonly BlockFieldSpec[]) {
    const schema = f.required ? source(f.max) : optionalSource(f.max);
    shape[f.name] = f.description ? schema.meta({ description: f.description }) : schema;
  }
  return shape as FieldSchemas<C>;
}

export const appBlockSchema = z.strictObject(blockSchemaOf("app"));
export const emailBlockSchema = z.strictObject(blockSchemaOf("email"));
export const smsBlockSchema = z.strictObject(blockSchemaOf("sms"));
export const pushBlockSchema = z.strictObject(blockSchemaOf("push"));
export const chatBlockSchema = z.strictObject(blockSchemaOf("chat"));
const wechatData = channelSpec.wechat.data;
export const wechatBlockSchema = z.strictObject({
  ...blockSchemaOf("wechat"),
  data: z
    .record(z.string().min(1).max(wechatData.maxKey), source(wechatData.maxValue), {
      message: "must be an object of key: text",
    })
    .meta({ description: wechatData.description }),
});

export const localeBlocksSchema = z
  .strictObject({
    app: appBlockSchema.optional(),
    email: emailBlockSchema.optional(),
    sms: smsBlockSchema.optional(),
    push: pushBlockSchema.optional(),
    wechat: wechatBlockSchema.optional(),
    chat: chatBlockSchema.optional(),
  })
  .meta({ id: "TemplateBlocks", description: "One locale's content, per channel" });
export type LocaleBlocks = z.infer<typeof localeBlocksSchema>;

export const localeSchema = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/, { message: "must be a locale like en or zh-CN" });

export const blocksSchema = z
  .record(localeSchema, localeBlocksSchema, { message: "must be an object of locale: blocks" })
  .refine((b) => Object.keys(b).length <= MAX_TEMPLATE_LOCALES, {
    message: `must have at most ${MAX_TEMPLATE_LOCALES} locales`,
  })
  .meta({ description: "Locale (en, zh-CN…) to that locale's per-channel blocks" });
export type Blocks = z.infer<typeof blocksSchema>;

export const templateCodeSchema = keySchema(MAX_TEMPLATE_CODE);

const variableName = z
  .string()
  .regex(/^[A-Za-z_][\w]{0,63}$/, { message: "must be a variable name like order or order_id" });

export const variableSchema = z.union(
  [
    variableName,
    z.strictObject({
      name: variableName,
      required: z.boolean({ message: "must be true or false" }).optional(),
      default: z.string().max(2000).optional(),
      example: z.string().max(2000).optional(),
    }),
  ],
  { message: "must be a name or {name, required?, default?, example?}" },
);
export type VariableInput = z.infer<typeof variableSchema>;

const channelsSchema = z
  .array(z.enum(notificationChannels, { message: oneOfMessage(notificationChannels) }))
  .min(1, { message: "must name at least one channel" })
  .transform((c) => [...new Set(c)]);

const fields = {
  name: z
    .string({ message: "must be a string" })
    .min(1, { message: "must not be empty" })
    .max(MAX_TEMPLATE_NAME, { message: `must be at most ${MAX_TEMPLATE_NAME} characters` }),
  description: z.string().max(2000, { message: "must be at most 2000 characters" }).nullable(),
  type: z.enum(notificationTypes, { message: oneOfMessage(notificationTypes) }),
  channels: channelsSchema.meta({ description: "Channels a send uses when it names none" }),
  is_active: z.boolean({ message: "must be true or false" }),
  default_locale: localeSchema,
  // The flat fields, for templates with one locale and in-app only: its in-app block.
  title: appBlockSchema.shape.title.meta({ description: "Shorthand for the default locale's in-app title" }),
  content: appBlockSchema.shape.content.meta({
    description: "Shorthand for the default locale's in-app content",
  }),
  blocks: blocksSchema,
  variables: z
    .array(variableSchema, { message: "must be a list" })
    .max(100, { message: "must have at most 100 entries" })
    .meta({
      description:
        "Marks extracted variables required or optional, with a default and an example; the list itself is always what the blocks use",
    }),
};

export const templateCreateSchema = z.strictObject({
  code: templateCodeSchema.meta({ description: "Unique per tenant; cannot change" }),
  name: fields.name,
  description: fields.description.optional(),
  type: fields.type.default("info"),
  channels: fields.channels.default(["app"]),
  is_active: fields.is_active.default(true),
  default_locale: fields.default_locale.default("en"),
  title: fields.title.optional(),
  content: fields.content.optional(),
  blocks: fields.blocks.optional(),
  variables: fields.variables.optional(),
});
export type TemplateCreateInput = z.infer<typeof templateCreateSchema>;

export const templateUpdateSchema = z.strictObject({
  code: templateCodeSchema.optional().meta({ description: "Accepted only unchanged" }),
  name: fields.name.optional(),
  description: fields.description.optional(),
  type: fields.type.optional(),
  channels: fields.channels.optional(),
  is_active: fields.is_active.optional(),
  default_locale: fields.default_locale.optional(),
  title: fields.title.optional(),
  content: fields.content.optional(),
  blocks: fields.blocks.optional().meta({ description: "Replaces every locale's blocks" }),
  variables: fields.variables.optional(),
});
export type TemplateUpdateInput = z.infer<typeof templateUpdateSchema>;

const bool = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const templateListQuery = z.strictObject({
  ...pageQuery,
  search: z.string().max(100, { message: "must be at most 100 characters" }).optional(),
  type: fields.type.optional(),
  is_active: bool.optional(),
});
export type TemplateListQuery = z.infer<typeof templateListQuery>;

export const templateIdParams = z.object({
  template_id: z
    .string()
    .min(1)
    .max(100, { message: "must be a template id or code" })
    .meta({ description: "The template's id or its code" }),
});

export const versionParams = templateIdParams.extend({
  version: z.coerce
    .number({ message: "must be a version number" })
    .int({ message: "must be a version number" })
    .min(1, { message: "must be a version number" }),
});

/** A send's params are stored with every row it writes (the delivery worker renders from them): kept small. */
export const paramsSchema = z
  .record(z.string(), z.unknown(), { message: "must be a JSON object" })
  .refine((p) => jsonBytes(p) <= MAX_JSON_OBJECT_BYTES, {
    message: `must be at most ${MAX_JSON_OBJECT_BYTES / 1024} KB of JSON`,
  });

/**
 * The console previews on every keystroke and each preview compiles the whole draft: its blocks are
 * bounded as a whole (a saved template's fields each have their own limit).
 */
export const MAX_PREVIEW_DRAFT_BYTES = 256 * 1024;

export const previewSchema = z.strictObject({
  params: paramsSchema.default({}),
  locale: localeSchema.max(35, { message: "must be at most 35 characters" }).optional(),
  channel: z.enum(notificationChannels, { message: oneOfMessage(notificationChannels) }).optional(),
  user: z
    .strictObject({
      user_id: z.string().max(255).optional(),
      name: z.string().max(255).optional(),
      email: z.string().max(320).optional(),
      phone: z.string().max(32).optional(),
      locale: z.string().max(35).optional(),
      timezone: z.string().max(64).optional(),
    })
    .optional()
    .meta({ description: "Sample recipient fields for `{{ user.* }}`" }),
  draft: z
    .strictObject({
      default_locale: fields.default_locale.optional(),
      blocks: fields.blocks.refine((b) => jsonBytes(b) <= MAX_PREVIEW_DRAFT_BYTES, {
        message: `must be at most ${MAX_PREVIEW_DRAFT_BYTES / 1024} KB of JSON`,
      }),
      variables: fields.variables.optional(),
    })
    .optional()
    .meta({
      description:
        "Unsaved content to render instead of the saved version (the console's live preview); checked as a save would check it, nothing is written",
    }),
});
export type PreviewInput = z.infer<typeof previewSchema>;

// Response shapes (the OpenAPI document).
const dateTime = z.iso.datetime({ offset: true });
const storedVariable = z.object({
  name: z.string(),
  required: z.boolean(),
  default: z.string().optional(),
  example: z.string().optional(),
});
const storedBlocks = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));

export const templateSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    type: z.string(),
    channels: z.array(z.string()),
    is_active: z.boolean(),
    default_locale: z.string(),
    locales: z.array(z.string()),
    title: z.string().meta({ description: "Shorthand for the default locale's in-app title" }),
    content: z.string().meta({ description: "Shorthand for the default locale's in-app content" }),
    blocks: storedBlocks,
    variables: z.array(storedVariable),
    version: z.number().int(),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .meta({ id: "Template" });

export const templatePageSchema = z.object({
  templates: z.array(templateSchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
});

export const templateVersionSchema = z
  .object({
    version: z.number().int(),
    name: z.string(),
    description: z.string().nullable(),
    type: z.string(),
    channels: z.array(z.string()),
    default_locale: z.string(),
    variables: z.array(storedVariable),
    blocks: storedBlocks,
    created_at: dateTime,
  })
  .meta({ id: "TemplateVersion" });

export const previewResultSchema = z
  .object({
    locale: z.string().meta({ description: "The locale whose blocks were used (after fallback)" }),
    blocks: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .meta({ description: "Rendered blocks per channel (channels without a block fall back to in-app)" }),
  })
  .meta({ id: "TemplatePreview" });
