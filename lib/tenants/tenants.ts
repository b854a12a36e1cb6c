import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import { bus } from "../events";
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

const dateTime = z.iso.datetime({ offset: true });

export const tenantSchema = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), created_at: dateTime })
  .meta({ id: "Tenant" });

export function tenantJson(t: Tenant): z.input<typeof tenantSchema> {
  return { id: t.id, slug: t.slug, name: t.name, created_at: t.createdAt.toISOString() };
}
