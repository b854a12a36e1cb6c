// A tenant's own settings (tenants.settings jsonb): the origins allowed to frame its embed page,
// whether its emails are tracked (opens by a pixel, clicks through signed redirects), what the
// inbox badge counts, and how long notifications live (default TTL) and are kept (retention).
import { decodeProtectedHeader } from "jose";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import { tenants } from "../db/schema";
import { notFound } from "../errors";
import { processSingleton } from "../process-singleton";
import { badgeModes, DEFAULT_BADGE_MODE, oneOfMessage, type BadgeMode } from "../vocabulary/enums";

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

const trackingSchema = z
  .strictObject({
    opens: z
      .boolean({ message: "must be true or false" })
      .meta({ description: "Emails carry a 1×1 pixel (/t/o/…) that records the first open" }),
    clicks: z.boolean({ message: "must be true or false" }).meta({
      description: "Links in emails lead through signed redirects (/t/c/…) that record the first click",
    }),
  })
  .meta({ description: "Open and click tracking of emails; both off by default" });
export type TrackingSettings = z.infer<typeof trackingSchema>;
const NO_TRACKING: TrackingSettings = { opens: false, clicks: false };

const MAX_DAYS = 36_500;
const days = z
  .number({ message: "must be a whole number of days" })
  .int({ message: "must be a whole number of days" })
  .min(1, { message: "must be at least 1" })
  .max(MAX_DAYS, { message: `must be at most ${MAX_DAYS}` });

export const tenantSettingsSchema = z
  .object({
    embed_origins: z
      .array(embedOrigin)
      .max(MAX_EMBED_ORIGINS, { message: `must have at most ${MAX_EMBED_ORIGINS} origins` })
      .meta({ description: "Origins (https://app.example.com) whose pages may frame /embed/*" }),
    tracking: trackingSchema,
    badge: z.enum(badgeModes, { message: oneOfMessage(badgeModes) }).meta({
      description:
        "What the inbox badge (and `GET /api/v1/notifications/unread/count`) counts: unread notifications (default), or those not yet seen in the bell",
    }),
    notification_ttl_days: days.nullable().meta({
      description:
        "Default lifetime of a sent notification: one sent without `expires_at` expires this many days after it goes out (null: never)",
    }),
    retention_days: days.nullable().meta({
      description:
        "Notifications (and their deliveries) older than this many days are hard-deleted; null: the server's RETENTION_DAYS, or kept forever",
    }),
  })
  .meta({ id: "TenantSettings" });
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const tenantSettingsUpdateSchema = z.strictObject({
  embed_origins: tenantSettingsSchema.shape.embed_origins.optional(),
  tracking: trackingSchema.partial().strict().optional(),
  badge: tenantSettingsSchema.shape.badge.optional(),
  notification_ttl_days: tenantSettingsSchema.shape.notification_ttl_days.optional(),
  retention_days: tenantSettingsSchema.shape.retention_days.optional(),
});
export type TenantSettingsUpdate = z.infer<typeof tenantSettingsUpdateSchema>;

const daysOf = (v: unknown) => {
  const parsed = days.safeParse(v);
  return parsed.success ? parsed.data : null;
};

function settingsOf(raw: Record<string, unknown>): TenantSettings {
  const origins = tenantSettingsSchema.shape.embed_origins.safeParse(raw.embed_origins);
  const tracking = trackingSchema.safeParse(raw.tracking);
  const badge = tenantSettingsSchema.shape.badge.safeParse(raw.badge);
  return {
    embed_origins: origins.success ? origins.data : [],
    tracking: tracking.success ? tracking.data : NO_TRACKING,
    badge: badge.success ? badge.data : DEFAULT_BADGE_MODE,
    notification_ttl_days: daysOf(raw.notification_ttl_days),
    retention_days: daysOf(raw.retention_days),
  };
}

// The send path asks for every tracked-or-not email: a tenant's answer is kept a few seconds (this
// process forgets it at once when it changes the settings; another node within the TTL).
const TRACKING_TTL_MS = 10_000;
// One per process, whichever module copy (the server's, Next.js's) saves or reads.
const trackingCache = processSingleton(
  "tenant-tracking-cache",
  () => new Map<string, { at: number; value: Promise<TrackingSettings> }>(),
);

// Every badge count asks for its tenant's mode: kept a few seconds, as tracking is.
const badgeCache = processSingleton(
  "tenant-badge-cache",
  () => new Map<string, { at: number; value: Promise<BadgeMode> }>(),
);

// Every send without expires_at asks for its tenant's default lifetime: kept a few seconds, as tracking is.
const ttlCache = processSingleton(
  "tenant-ttl-cache",
  () => new Map<string, { at: number; value: Promise<number | null> }>(),
);

/** The tenant's default notification lifetime in days (null: none), briefly cached. */
export function notificationTtlDaysOf(db: Executor, tenantId: string): Promise<number | null> {
  const hit = ttlCache.get(tenantId);
  if (hit && Date.now() - hit.at < TRACKING_TTL_MS) return hit.value;
  const value = getTenantSettings(db, tenantId).then((s) => s.notification_ttl_days);
  value.catch(() => ttlCache.delete(tenantId));
  ttlCache.set(tenantId, { at: Date.now(), value });
  return value;
}

/** What the tenant's badge counts, briefly cached. */
export function badgeModeOf(db: Executor, tenantId: string): Promise<BadgeMode> {
  const hit = badgeCache.get(tenantId);
  if (hit && Date.now() - hit.at < TRACKING_TTL_MS) return hit.value;
  const value = getTenantSettings(db, tenantId).then((s) => s.badge);
  value.catch(() => badgeCache.delete(tenantId));
  badgeCache.set(tenantId, { at: Date.now(), value });
  return value;
}

/** The tenant's tracking settings, briefly cached. */
export function trackingOf(db: Executor, tenantId: string): Promise<TrackingSettings> {
  const hit = trackingCache.get(tenantId);
  if (hit && Date.now() - hit.at < TRACKING_TTL_MS) return hit.value;
  const value = getTenantSettings(db, tenantId).then((s) => s.tracking);
  value.catch(() => trackingCache.delete(tenantId));
  trackingCache.set(tenantId, { at: Date.now(), value });
  return value;
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
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ settings: tenants.settings })
      .from(tenants)
      .where(eq(tenants.id, tenantId))
      .for("update");
    if (!row) throw notFound("Tenant not found");
    const changed: Record<string, unknown> = {};
    if (input.embed_origins !== undefined) changed.embed_origins = [...new Set(input.embed_origins)];
    if (input.tracking !== undefined)
      changed.tracking = { ...settingsOf(row.settings).tracking, ...input.tracking };
    if (input.badge !== undefined) changed.badge = input.badge;
    if (input.notification_ttl_days !== undefined)
      changed.notification_ttl_days = input.notification_ttl_days;
    if (input.retention_days !== undefined) changed.retention_days = input.retention_days;
    const settings = { ...row.settings, ...changed };
    await tx.update(tenants).set({ settings, updatedAt: new Date() }).where(eq(tenants.id, tenantId));
    await audit(tx, tenantId, actor, "tenant.settings_updated", { type: "tenant", id: tenantId }, changed);
    return settingsOf(settings);
  });
  trackingCache.delete(tenantId);
  badgeCache.delete(tenantId);
  ttlCache.delete(tenantId);
  return saved;
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
