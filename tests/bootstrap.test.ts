import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "@/lib/auth/api-keys";
import { verifyPassword } from "@/lib/crypto/password";
import { bootstrap } from "@/lib/bootstrap";
import { apiKeys, notifications, tenants, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { setDatabase } from "@/lib/db/client";
import { api } from "./helpers/api";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const KEY = "hk_bootstrap_key_for_tests_0123456789";
const prodEnv = {
  NODE_ENV: "production",
  AUTH_SECRET: "a".repeat(40),
  APP_SECRET: "b".repeat(40),
  METRICS_PUBLIC: "true",
};
const e = parseEnv({
  NODE_ENV: "test",
  SEED_DEMO: "true",
  ADMIN_EMAIL: "Root@Example.com",
  ADMIN_PASSWORD: "correct horse battery",
  HERALD_API_KEY: KEY,
});

describe("first start", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it("creates the default tenant, the first admin, the bootstrap key and the demo data", async () => {
    const result = await bootstrap(t.database.db, e);
    expect(result.tenant.slug).toBe("default");
    expect(result.adminCreated).toBe(true);
    expect(result.demoCreatedNow).toBe(true);

    const db = t.database.db;
    const [admin] = await db.select().from(users).where(eq(users.email, "root@example.com"));
    expect(admin?.role).toBe("admin");
    expect(admin?.passwordHash).not.toContain("correct horse");
    expect(await verifyPassword(admin!.passwordHash, "correct horse battery")).toBe(true);
    expect(await verifyPassword(admin!.passwordHash, "wrong")).toBe(false);

    const keys = await db.select().from(apiKeys);
    expect(keys).toHaveLength(1);
    expect(keys[0]!.keyHash).toBe(hashApiKey(KEY));
    expect(JSON.stringify(keys)).not.toContain(KEY);
    expect(keys[0]!.isSuper).toBe(true);

    const demo = await db.select().from(users);
    expect(demo.map((u) => u.externalId).sort()).toEqual(["admin", "alice", "bob", "root@example.com"]);
    // bob reads Herald in Simplified Chinese (the zh-CN demo), the others in English.
    expect(demo.find((u) => u.externalId === "bob")?.locale).toBe("zh-CN");
    expect(demo.find((u) => u.externalId === "alice")?.locale).toBe("en");
    const rows = await db.select().from(notifications);
    expect(rows).toHaveLength(6); // three samples each for alice and bob
  });

  it("is idempotent: a second start changes nothing", async () => {
    const db = t.database.db;
    const before = {
      tenants: (await db.select().from(tenants)).length,
      users: (await db.select().from(users)).length,
      keys: (await db.select().from(apiKeys)).length,
      notifications: (await db.select().from(notifications)).length,
    };
    const again = await bootstrap(db, e);
    expect(again.adminCreated).toBe(false);
    expect(again.demoCreatedNow).toBe(false);
    expect(again.demoSeeded).toBe(true);
    expect({
      tenants: (await db.select().from(tenants)).length,
      users: (await db.select().from(users)).length,
      keys: (await db.select().from(apiKeys)).length,
      notifications: (await db.select().from(notifications)).length,
    }).toEqual(before);
  });
});

describe("a newcomer's first start", () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());
  const dev = parseEnv({ NODE_ENV: "test", SEED_DEMO: "true" });

  it("creates a development key that the README's first curl works with, and prints the same one again", async () => {
    const first = await bootstrap(t.database.db, dev);
    expect(first.devApiKey).toMatch(/^hk_/);
    const sent = await api("POST", "/api/v1/notifications", {
      headers: { authorization: `Bearer ${first.devApiKey}`, "idempotency-key": "order-1024-shipped" },
      body: {
        user_ids: ["alice"],
        title: "Order shipped",
        content: "Arrives Thursday",
        type: "info",
        channels: ["app"],
      },
    });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);

    const again = await bootstrap(t.database.db, dev);
    expect(again.devApiKey).toBe(first.devApiKey);
    expect(await t.database.db.select().from(apiKeys)).toHaveLength(1);
  });

  it("a revoked development key stays revoked and is no longer printed", async () => {
    const [key] = await t.database.db.select().from(apiKeys);
    await t.database.db.update(apiKeys).set({ revokedAt: new Date() }).where(eq(apiKeys.id, key!.id));
    const after = await bootstrap(t.database.db, dev);
    expect(after.devApiKey).toBeUndefined();
    expect(await t.database.db.select().from(apiKeys)).toHaveLength(1);
  });

  it("is not made in production, nor when HERALD_API_KEY is set", async () => {
    const other = await createTestDatabase();
    try {
      const prod = await bootstrap(other.database.db, parseEnv({ ...prodEnv, SEED_DEMO: "true" }));
      expect(prod.devApiKey).toBeUndefined();
      const own = await bootstrap(
        other.database.db,
        parseEnv({ NODE_ENV: "test", SEED_DEMO: "true", HERALD_API_KEY: KEY }),
      );
      expect(own.devApiKey).toBeUndefined();
      expect((await other.database.db.select().from(apiKeys)).map((k) => k.keyHash)).toEqual([
        hashApiKey(KEY),
      ]);
    } finally {
      await other.drop();
      setDatabase(t.database);
    }
  });
});
