// A new tenant comes with its first admin key, so whoever creates it can use it at once.
import { z } from "zod";
import { audit, type Actor } from "../audit";
import type { Db } from "../db/client";
import { tenants } from "../db/schema";
import { conflict } from "../errors";
import { newTokenSecret, type Tenant } from "../tenants/tenants";
import { createApiKey, type ApiKey } from "./api-key-store";

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
