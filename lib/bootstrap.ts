// First-start work: the default tenant, the first admin, the bootstrap API key, the demo data and,
// for a newcomer's first `curl`, a development API key.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { generateApiKey, hashApiKey, visiblePrefix } from "./auth/api-keys";
import { hashPassword } from "./crypto/password";
import type { Db } from "./db/client";
import { apiKeys, apiKeyScopes, appSettings, users } from "./db/schema";
import type { Env } from "./env";
import { initialNotificationStatus } from "./notifications/status";
import { insertNotifications } from "./notifications/store";
import { seedDemoTemplates } from "./templates/demo";
import { ensureDefaultTenant, type Tenant } from "./tenants/tenants";
import { upsertUser } from "./users/store";

export const DEMO_ACCOUNTS = [
  {
    externalId: "admin",
    email: "admin@herald.local",
    password: "herald-admin",
    name: "Ada Admin",
    role: "admin",
    locale: "en",
  },
  {
    externalId: "alice",
    email: "alice@herald.local",
    password: "alice-password",
    name: "Alice Example",
    role: "user",
    locale: "en",
  },
  {
    externalId: "bob",
    email: "bob@herald.local",
    password: "bob-password",
    name: "Bob Example",
    role: "user",
    // The demo's Chinese reader: signed in as bob, Herald's screens show in Simplified Chinese.
    locale: "zh-CN",
  },
] as const;

export type BootstrapResult = {
  tenant: Tenant;
  demoSeeded: boolean;
  demoCreatedNow: boolean;
  adminCreated: boolean;
  /** The development API key to print (demo data on, no HERALD_API_KEY, not production). */
  devApiKey?: string;
};

export async function bootstrap(db: Db, e: Env): Promise<BootstrapResult> {
  const tenant = await ensureDefaultTenant(db);
  const adminCreated = await ensureFirstAdmin(db, tenant.id, e);
  if (e.HERALD_API_KEY) await ensureBootstrapKey(db, tenant.id, e.HERALD_API_KEY);
  const seedDemo = e.SEED_DEMO ?? e.NODE_ENV === "development";
  let demoCreatedNow = false;
  if (seedDemo) demoCreatedNow = await seedDemoData(db, tenant.id);
  if (seedDemo) await seedDemoTemplates(db, tenant.id);
  const demoSeeded = demoCreatedNow || (await isDemoSeeded(db));
  const wantsDevKey = seedDemo && !e.HERALD_API_KEY && e.NODE_ENV !== "production";
  const devApiKey = wantsDevKey ? await ensureDevKey(db, tenant.id) : undefined;
  return { tenant, demoSeeded, demoCreatedNow, adminCreated, devApiKey };
}

const DEV_KEY_SETTING = "dev_api_key";

/**
 * The development key: created once per database and kept readable there so every start can print
 * it (like the demo passwords, it exists only outside production). Revoked in the console, it stays
 * revoked and is no longer printed.
 */
async function ensureDevKey(db: Db, tenantId: string): Promise<string | undefined> {
  const [stored] = await db.select().from(appSettings).where(eq(appSettings.key, DEV_KEY_SETTING));
  if (!stored) {
    const key = generateApiKey();
    const created = await db.transaction(async (tx) => {
      // The setting row is the lock: a second process starting at the same moment creates nothing.
      const claimed = await tx
        .insert(appSettings)
        .values({ key: DEV_KEY_SETTING, value: { key } })
        .onConflictDoNothing()
        .returning();
      if (claimed.length === 0) return false;
      await tx.insert(apiKeys).values({
        tenantId,
        name: "Development key",
        prefix: visiblePrefix(key),
        keyHash: hashApiKey(key),
        scopes: [...apiKeyScopes],
      });
      return true;
    });
    return created ? key : ensureDevKey(db, tenantId);
  }
  const key = (stored.value as { key?: unknown }).key;
  if (typeof key !== "string") return undefined;
  const live = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hashApiKey(key)), sql`${apiKeys.revokedAt} is null`));
  return live.length > 0 ? key : undefined;
}

async function ensureFirstAdmin(db: Db, tenantId: string, e: Env): Promise<boolean> {
  if (!e.ADMIN_EMAIL || !e.ADMIN_PASSWORD) return false;
  const email = e.ADMIN_EMAIL.toLowerCase();
  const existing = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`lower(${users.email}) = ${email}`))
    .limit(1);
  // Only created once: a password changed later in the console is not reset by the next start.
  if (existing.length > 0) return false;
  await upsertUser(db, tenantId, {
    externalId: email,
    email,
    name: "Administrator",
    role: "admin",
    passwordHash: await hashPassword(e.ADMIN_PASSWORD),
  });
  return true;
}

async function ensureBootstrapKey(db: Db, tenantId: string, key: string): Promise<void> {
  await db
    .insert(apiKeys)
    .values({
      tenantId,
      name: "HERALD_API_KEY",
      prefix: visiblePrefix(key),
      keyHash: hashApiKey(key),
      scopes: [...apiKeyScopes],
      isSuper: true,
    })
    .onConflictDoNothing({ target: apiKeys.keyHash });
}

const DEMO_FLAG = "demo_seeded_at";

async function isDemoSeeded(db: Db): Promise<boolean> {
  const rows = await db.select().from(appSettings).where(eq(appSettings.key, DEMO_FLAG));
  return rows.length > 0;
}

/** Seeds the demo accounts and a few notifications once per database; returns whether it ran now. */
async function seedDemoData(db: Db, tenantId: string): Promise<boolean> {
  if (await isDemoSeeded(db)) return false;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  return db.transaction(async (tx) => {
    // The flag row is the lock: a second process seeding at the same moment inserts nothing and stops.
    const claimed = await tx
      .insert(appSettings)
      .values({ key: DEMO_FLAG, value: new Date().toISOString() })
      .onConflictDoNothing()
      .returning();
    if (claimed.length === 0) return false;
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      await upsertUser(tx, tenantId, {
        externalId: a.externalId,
        email: a.email,
        name: a.name,
        role: a.role,
        locale: a.locale,
        timezone: "UTC",
        passwordHash: hashes[i],
      });
    }
    const now = new Date();
    const samples = [
      {
        title: "Welcome to Herald",
        content: "Your inbox is ready. Notifications appear here the moment they are sent.",
        type: "system" as const,
      },
      {
        title: "Order #1024 shipped",
        content: "Your order is on its way and should arrive on Thursday.",
        type: "info" as const,
      },
      {
        title: "Storage almost full",
        content: "You have used 92% of your storage quota.",
        type: "warning" as const,
        priority: "high" as const,
      },
    ];
    for (const s of samples) {
      await insertNotifications(tx, {
        tenantId,
        externalIds: ["alice", "bob"],
        batchId: randomUUID(),
        ...s,
        status: initialNotificationStatus({ scheduled: false, inApp: true }),
        sentAt: now,
      });
    }
    return true;
  });
}
