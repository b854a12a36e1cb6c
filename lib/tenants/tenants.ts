import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Executor } from "../db/client";
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
