// Templates per tenant: create, list, find by id or code, update (each content change is a new
// immutable version), soft delete, versions and restore.
import { and, count, desc, eq, ilike, isNull, or, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { audit, type Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import { templates, templateVersions, type TemplateBlocks, type TemplateVariable } from "../db/schema";
import { invalid, conflict, notFound, type FieldError } from "../errors";
import { CompiledTemplate } from "./blocks";
import type {
  Blocks,
  TemplateCreateInput,
  TemplateListQuery,
  TemplateUpdateInput,
  VariableInput,
  templateSchema,
  templateVersionSchema,
} from "./schema";
import { pageOffset } from "../http/validation";

export type Template = typeof templates.$inferSelect;
export type TemplateVersion = typeof templateVersions.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (d: Date) => d.toISOString();

function appBlockOf(blocks: TemplateBlocks, locale: string): Record<string, unknown> {
  return blocks[locale]?.app ?? {};
}

export function templateJson(row: Template): TemplateJson {
  const app = appBlockOf(row.blocks, row.defaultLocale);
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    description: row.description,
    type: row.type,
    channels: row.channels,
    is_active: row.isActive,
    default_locale: row.defaultLocale,
    locales: Object.keys(row.blocks),
    title: String(app.title ?? ""),
    content: String(app.content ?? ""),
    blocks: row.blocks,
    variables: row.variables,
    version: row.version,
    created_at: iso(row.createdAt),
    updated_at: iso(row.updatedAt),
  };
}
export type TemplateJson = z.input<typeof templateSchema>;

export function templateVersionJson(row: TemplateVersion): TemplateVersionJson {
  return {
    version: row.version,
    name: row.name,
    description: row.description,
    type: row.type,
    channels: row.channels,
    default_locale: row.defaultLocale,
    variables: row.variables,
    blocks: row.blocks,
    created_at: iso(row.createdAt),
  };
}
export type TemplateVersionJson = z.input<typeof templateVersionSchema>;

/** The versioned part of a template: what a version snapshots and a restore brings back. */
type Content = {
  name: string;
  description: string | null;
  type: string;
  channels: string[];
  defaultLocale: string;
  variables: TemplateVariable[];
  blocks: TemplateBlocks;
};

/**
 * The stored variables: exactly the names the blocks read (so a send can be checked against them), each
 * annotated by the author's declaration, else by the previous version's, else required.
 */
function buildVariables(
  names: string[],
  declared: VariableInput[] | undefined,
  previous: TemplateVariable[],
): TemplateVariable[] {
  const byName = new Map<string, TemplateVariable>();
  for (const p of previous) byName.set(p.name, p);
  if (declared) {
    byName.clear();
    for (const d of declared) {
      const v = typeof d === "string" ? { name: d } : d;
      byName.set(v.name, {
        name: v.name,
        required: v.required ?? v.default === undefined,
        ...(v.default !== undefined ? { default: v.default } : {}),
        ...(v.example !== undefined ? { example: v.example } : {}),
      });
    }
  }
  return names.map((name) => byName.get(name) ?? { name, required: true });
}

/**
 * Checks and completes content: the flat title/content are the default locale's in-app
 * block, which every template needs; every field must parse. Field errors name what the caller
 * sent (`title` when it sent the flat field).
 */
function prepareContent(
  base: Content,
  input: {
    title?: string;
    content?: string;
    blocks?: Blocks;
    variables?: VariableInput[];
    default_locale?: string;
  },
): Content {
  const defaultLocale = input.default_locale ?? base.defaultLocale;
  const blocks = structuredClone((input.blocks as TemplateBlocks | undefined) ?? base.blocks);
  if (input.title !== undefined || input.content !== undefined) {
    const locale = (blocks[defaultLocale] ??= {});
    locale.app = { ...locale.app, ...(input.title !== undefined ? { title: input.title } : {}) };
    if (input.content !== undefined) locale.app.content = input.content;
  }
  const app = blocks[defaultLocale]?.app;
  const errors: FieldError[] = [];
  if (!app || typeof app.title !== "string") {
    errors.push({
      field: input.blocks ? `blocks.${defaultLocale}.app.title` : "title",
      message: `is required: the default locale (${defaultLocale}) needs an in-app title`,
    });
  }
  if (!app || typeof app.content !== "string") {
    errors.push({
      field: input.blocks ? `blocks.${defaultLocale}.app.content` : "content",
      message: `is required: the default locale (${defaultLocale}) needs in-app content`,
    });
  }
  const compiled = new CompiledTemplate({ defaultLocale, blocks, variables: [] });
  for (const e of compiled.compileAll()) {
    const flat = e.field === `blocks.${defaultLocale}.app.title` && input.title !== undefined;
    const flatContent = e.field === `blocks.${defaultLocale}.app.content` && input.content !== undefined;
    errors.push({ ...e, field: flat ? "title" : flatContent ? "content" : e.field });
  }
  if (errors.length > 0) {
    const fields = new Set(errors.map((e) => e.field.split(".")[0]));
    throw invalid(fields.size === 1 ? `Invalid ${[...fields][0]}` : "Invalid request", errors);
  }
  return {
    ...base,
    defaultLocale,
    blocks,
    variables: buildVariables(compiled.variableNames(), input.variables, base.variables),
  };
}

const live = (tenantId: string) => and(eq(templates.tenantId, tenantId), isNull(templates.deletedAt));

/** By id or by code; another tenant's or a deleted template is 404. */
function byIdOrCode(tenantId: string, idOrCode: string): SQL {
  const match = UUID.test(idOrCode)
    ? or(eq(templates.id, idOrCode), eq(templates.code, idOrCode))!
    : eq(templates.code, idOrCode);
  return and(live(tenantId), match)!;
}

export async function getTemplate(db: Executor, tenantId: string, idOrCode: string): Promise<Template> {
  const [row] = await db.select().from(templates).where(byIdOrCode(tenantId, idOrCode)).limit(1);
  if (!row) throw notFound("Template not found");
  return row;
}

/** The live template with this code, whatever its state (null when there is none). */
export async function findTemplateByCode(db: Executor, tenantId: string, code: string) {
  const [row] = await db
    .select()
    .from(templates)
    .where(and(live(tenantId), eq(templates.code, code)))
    .limit(1);
  return row ?? null;
}

async function writeVersion(tx: Executor, row: Template, actor: Actor): Promise<void> {
  await tx.insert(templateVersions).values({
    tenantId: row.tenantId,
    templateId: row.id,
    version: row.version,
    name: row.name,
    description: row.description,
    type: row.type,
    defaultLocale: row.defaultLocale,
    channels: row.channels,
    variables: row.variables,
    blocks: row.blocks,
    createdBy: actor.type === "user" ? actor.id : null,
  });
}

export async function createTemplate(
  db: Db,
  tenantId: string,
  input: TemplateCreateInput,
  actor: Actor,
): Promise<Template> {
  const content = prepareContent(
    {
      name: input.name,
      description: input.description ?? null,
      type: input.type,
      channels: input.channels,
      defaultLocale: input.default_locale,
      variables: [],
      blocks: {},
    },
    input,
  );
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(templates)
      .values({ tenantId, code: input.code, isActive: input.is_active, version: 1, ...content })
      .onConflictDoNothing()
      .returning();
    if (!row) throw conflict("Template code already exists");
    await writeVersion(tx, row, actor);
    await audit(
      tx,
      tenantId,
      actor,
      "template.created",
      { type: "template", id: row.id },
      { code: row.code },
    );
    return row;
  });
}

export async function listTemplates(
  db: Db,
  tenantId: string,
  q: TemplateListQuery,
): Promise<{ rows: Template[]; total: number }> {
  const pattern = q.search ? `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    live(tenantId),
    q.type ? eq(templates.type, q.type) : undefined,
    q.is_active !== undefined ? eq(templates.isActive, q.is_active) : undefined,
    pattern
      ? or(
          ilike(templates.name, pattern),
          ilike(templates.code, pattern),
          ilike(templates.description, pattern),
        )
      : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(templates)
      .where(where)
      .orderBy(desc(templates.updatedAt), desc(templates.id))
      .limit(q.page_size)
      .offset(pageOffset(q, "filters")),
    db.select({ n: count() }).from(templates).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

function sameContent(a: Content, b: Content): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Unsaved content checked and completed as a save would (the console previews it); writes nothing. */
export function draftContent(
  row: Template,
  draft: { default_locale?: string; blocks: Blocks; variables?: VariableInput[] },
) {
  return prepareContent(contentOf(row), draft);
}

const contentOf = (row: Template | TemplateVersion): Content => ({
  name: row.name,
  description: row.description,
  type: row.type,
  channels: row.channels,
  defaultLocale: row.defaultLocale,
  variables: row.variables,
  blocks: row.blocks,
});

/** Saves the next version when the content changed (is_active alone changes no content). */
async function saveContent(
  tx: Executor,
  row: Template,
  next: Content,
  isActive: boolean,
  actor: Actor,
  action: string,
): Promise<Template> {
  const changed = !sameContent(contentOf(row), next);
  const [updated] = await tx
    .update(templates)
    .set({ ...next, isActive, version: changed ? row.version + 1 : row.version, updatedAt: new Date() })
    .where(eq(templates.id, row.id))
    .returning();
  if (changed) await writeVersion(tx, updated!, actor);
  await audit(
    tx,
    row.tenantId,
    actor,
    action,
    { type: "template", id: row.id },
    { code: row.code, version: updated!.version },
  );
  return updated!;
}

export async function updateTemplate(
  db: Db,
  tenantId: string,
  idOrCode: string,
  input: TemplateUpdateInput,
  actor: Actor,
): Promise<Template> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(templates)
      .where(byIdOrCode(tenantId, idOrCode))
      .limit(1)
      .for("update");
    if (!row) throw notFound("Template not found");
    if (input.code !== undefined && input.code !== row.code) {
      throw invalid("Invalid code", [{ field: "code", message: "cannot be changed" }]);
    }
    const base = contentOf(row);
    const next = prepareContent(
      {
        ...base,
        name: input.name ?? base.name,
        description: input.description !== undefined ? input.description : base.description,
        type: input.type ?? base.type,
        channels: input.channels ?? base.channels,
      },
      input,
    );
    return saveContent(tx, row, next, input.is_active ?? row.isActive, actor, "template.updated");
  });
}

export async function deleteTemplate(
  db: Db,
  tenantId: string,
  idOrCode: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(templates)
      .set({ deletedAt: new Date() })
      .where(byIdOrCode(tenantId, idOrCode))
      .returning({ id: templates.id, code: templates.code });
    if (!row) throw notFound("Template not found");
    await audit(
      tx,
      tenantId,
      actor,
      "template.deleted",
      { type: "template", id: row.id },
      { code: row.code },
    );
  });
}

export async function listVersions(db: Db, tenantId: string, idOrCode: string): Promise<TemplateVersion[]> {
  const template = await getTemplate(db, tenantId, idOrCode);
  return db
    .select()
    .from(templateVersions)
    .where(and(eq(templateVersions.tenantId, tenantId), eq(templateVersions.templateId, template.id)))
    .orderBy(desc(templateVersions.version));
}

/** One version of a template (also of a deleted one: notifications keep pointing at theirs). */
export async function findVersion(
  db: Executor,
  tenantId: string,
  templateId: string,
  version: number,
): Promise<TemplateVersion | null> {
  const [row] = await db
    .select()
    .from(templateVersions)
    .where(
      and(
        eq(templateVersions.tenantId, tenantId),
        eq(templateVersions.templateId, templateId),
        eq(templateVersions.version, version),
      ),
    )
    .limit(1);
  return row ?? null;
}

export async function getVersion(
  db: Db,
  tenantId: string,
  idOrCode: string,
  version: number,
): Promise<TemplateVersion> {
  const template = await getTemplate(db, tenantId, idOrCode);
  const row = await findVersion(db, tenantId, template.id, version);
  if (!row) throw notFound("Template version not found");
  return row;
}

/** Brings an earlier version's content back as a new version. */
export async function restoreVersion(
  db: Db,
  tenantId: string,
  idOrCode: string,
  version: number,
  actor: Actor,
): Promise<Template> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(templates)
      .where(byIdOrCode(tenantId, idOrCode))
      .limit(1)
      .for("update");
    if (!row) throw notFound("Template not found");
    const old = await findVersion(tx, tenantId, row.id, version);
    if (!old) throw notFound("Template version not found");
    const next = contentOf(old);
    // A restore is always a new version, even of identical content: the history shows it happened.
    const [updated] = await tx
      .update(templates)
      .set({ ...next, version: row.version + 1, updatedAt: new Date() })
      .where(eq(templates.id, row.id))
      .returning();
    await writeVersion(tx, updated!, actor);
    await audit(
      tx,
      tenantId,
      actor,
      "template.restored",
      { type: "template", id: row.id },
      { code: row.code, version: updated!.version, restored_from: version },
    );
    return updated!;
  });
}
