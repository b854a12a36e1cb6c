import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, id, tenantId, updatedAt } from "./_columns";
import { tenants } from "./tenants";
import { users } from "./users";

export type TemplateVariable = { name: string; required: boolean; default?: string; example?: string };
/** locale -> channel -> block fields (e.g. {"en": {"app": {"title": "...", "content": "..."}}}). */
export type TemplateBlocks = Record<string, Record<string, Record<string, unknown>>>;

export const templates = pgTable(
  "templates",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    type: text("type").notNull().default("info"),
    channels: text("channels")
      .array()
      .notNull()
      .default(sql`'{app}'::text[]`),
    isActive: boolean("is_active").notNull().default(true),
    defaultLocale: text("default_locale").notNull().default("en"),
    variables: jsonb("variables").$type<TemplateVariable[]>().notNull().default([]),
    blocks: jsonb("blocks").$type<TemplateBlocks>().notNull().default({}),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    // Live codes only: a deleted template's code may be used again.
    uniqueIndex("templates_tenant_code_key")
      .on(t.tenantId, t.code)
      .where(sql`${t.deletedAt} is null`),
    index("templates_tenant_updated_idx")
      .on(t.tenantId, t.updatedAt.desc())
      .where(sql`${t.deletedAt} is null`),
  ],
);

/** Immutable snapshots: every update of a template writes one. */
export const templateVersions = pgTable(
  "template_versions",
  {
    id: id(),
    tenantId: tenantId().references(() => tenants.id),
    templateId: uuid("template_id")
      .notNull()
      .references(() => templates.id),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    type: text("type").notNull(),
    defaultLocale: text("default_locale").notNull().default("en"),
    channels: text("channels").array().notNull(),
    variables: jsonb("variables").$type<TemplateVariable[]>().notNull(),
    blocks: jsonb("blocks").$type<TemplateBlocks>().notNull(),
    createdBy: uuid("created_by").references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("template_versions_template_version_key").on(t.templateId, t.version)],
);
