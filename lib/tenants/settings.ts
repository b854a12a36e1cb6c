// A tenant's own settings (tenants.settings jsonb): for now the origins allowed to frame its embed page.
import { decodeProtectedHeader } from "jose";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import { tenants } from "../db/schema";
import { notFound } from "../errors";

export const MAX_EMBED_ORIGINS = 20;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** An origin exactly as a browser sends it; https only, except plain http on this machine. */
function originError(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an origin like https://app.example.com";
  }
  if (url.origin !== value)
    return "must be an origin like https://app.example.com (no path, no trailing slash)";
  if (url.protocol === "https:") return null;
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
  return "must use https (http only for localhost)";
}

const embedOrigin = z
  .string()
  .max(300)
  .superRefine((v, ctx) => {
    const message = originError(v);
    if (message) ctx.addIssue({ code: "custom", message });
  });

export const tenantSettingsSchema = z
  .object({
    embed_origins: z
      .array(embedOrigin)
      .max(MAX_EMBED_ORIGINS, { message: `must have at most ${MAX_EMBED_ORIGINS} origins` })
      .meta({ description: "Origins (https://app.example.com) whose pages may frame /embed/*" }),
  })
  .meta({ id: "TenantSettings" });
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const tenantSettingsUpdateSchema = tenantSettingsSchema.partial().strict();
export type TenantSettingsUpdate = z.infer<typeof tenantSettingsUpdateSchema>;

function settingsOf(raw: Record<string, unknown>): TenantSettings {
  const origins = tenantSettingsSchema.shape.embed_origins.safeParse(raw.embed_origins);
  return { embed_origins: origins.success ? origins.data : [] };
}

export async function getTenantSettings(db: Executor, tenantId: string): Promise<TenantSettings> {
  const [row] = await db
    .select({ settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .limit(1);
  if (!row) throw notFound("Tenant not found");
  return settingsOf(row.settings);
}

/** Changes the given settings, keeps the others (and any other keys of the jsonb) as they were. */
export async function updateTenantSettings(
  db: Db,
  tenantId: string,
  input: TenantSettingsUpdate,
  actor: Actor,
): Promise<TenantSettings> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ settings: tenants.settings })
      .from(tenants)
      .where(eq(tenants.id, tenantId))
      .for("update");
    if (!row) throw notFound("Tenant not found");
    const changed: Record<string, unknown> = {};
    if (input.embed_origins !== undefined) changed.embed_origins = [...new Set(input.embed_origins)];
    const settings = { ...row.settings, ...changed };
    await tx.update(tenants).set({ settings, updatedAt: new Date() }).where(eq(tenants.id, tenantId));
    await audit(tx, tenantId, actor, "tenant.settings_updated", { type: "tenant", id: tenantId }, changed);
    return settingsOf(settings);
  });
}

const tenantIdSchema = z.uuid();

/**
 * The origins that may frame the embed page opened with this subscriber token: those of the tenant
 * named in its header, unverified on purpose (the page itself verifies the token), so a host app
 * still sees the page's refusal of an expired token. Unknown tenant or no token: none.
 */
export async function embedOriginsForToken(db: Executor, token: string | null): Promise<string[]> {
  if (!token) return [];
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return [];
  }
  if (!tenantIdSchema.safeParse(kid).success) return [];
  const [row] = await db
    .select({ settings: tenants.settings })
    .from(tenants)
    .where(eq(tenants.id, kid!))
    .limit(1);
  return row ? settingsOf(row.settings).embed_origins : [];
}
