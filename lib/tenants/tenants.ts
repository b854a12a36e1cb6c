import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import { createApiKey, type ApiKey } from "../auth/api-key-store";
import type { Db, Executor } from "../db/client";
import { bus } from "../events";
import { conflict } from "../errors";
import { tenants } from "../db/schema";

export const DEFAULT_TENANT_SLUG = "default";

export type Tenant = typeof tenants.$inferSelect;

export function newTokenSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** Creates the tenant with this slug unless it exists; returns it either way. */
export async function ensureTenant(db: Executor, slug: string, name: string): Promise<Tenant> {
  await db.insert(tenants).values({ slug, name, tokenSecret: newTokenSecret() }).onConflictDoNothing();
  const [tenant] = await db.select().from(tenants).where(eq(tenants.slug, slug));
  return tenant!;
}

export function ensureDefaultTenant(db: Executor): Promise<Tenant> {
  return ensureTenant(db, DEFAULT_TENANT_SLUG, "Default");
}

/**
 * A new token secret: every subscriber token issued before stops working at once, and the sockets
 * connected with one are closed on every node.
 */
export async function rotateTokenSecret(db: Db, tenantId: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(tenants).set({ tokenSecret: newTokenSecret() }).where(eq(tenants.id, tenantId));
    await audit(tx, tenantId, actor, "tenant.token_secret_rotated", { type: "tenant", id: tenantId });
  });
  bus().publish("tenant.token_secret_rotated", { tenantId });
}

export const tenantCreateSchema = z.strictObject({
  slug: z
    .string()
    .min(2, { message: "must be 2 to 63 characters" })
    .max(63, { message: "must be 2 to 63 characters" })
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, { message: "must be lowercase letters, digits and dashes" }),
  name: z.string().min(1, { message: "must not be empty" }).max(200),
});

/** Creates a tenant and its first admin-scoped API key in one transaction. */
export async function createTenant(
  db: Db,
  input: z.infer<typeof tenantCreateSchema>,
  actor: Actor,
): Promise<{ tenant: Tenant; key: string; apiKey: ApiKey }> {
  return db.transaction(async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({ slug: input.slug, name: input.name, tokenSecret: newTokenSecret() })
      .onConflictDoNothing()
      .returning();
    if (!tenant) throw conflict("A tenant with this slug already exists");
    const { key, record } = await createApiKey(
      tx,
      tenant.id,
      { name: "Initial admin key", scopes: ["admin"] },
      actor,
    );
    await audit(
      tx,
      tenant.id,
      actor,
      "tenant.created",
      { type: "tenant", id: tenant.id },
      { slug: input.slug },
    );
    return { tenant, key, apiKey: record };
  });
}

const dateTime = z.iso.datetime({ offset: true });

export const tenantSchema = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), created_at: dateTime })
  .meta({ id: "Tenant" });

export function tenantJson(t: Tenant): z.input<typeof tenantSchema> {
  return { id: t.id, slug: t.slug, name: t.name, created_at: t.createdAt.toISOString() };
}
