import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashApiKey } from "@/lib/auth/api-keys";
import { verifyPassword } from "@/lib/crypto/password";
import { bootstrap } from "@/lib/bootstrap";
import { apiKeys, notifications, tenants, users } from "@/lib/db/schema";
import { parseEnv } from "@/lib/env";
import { createTestDatabase, type TestDatabase } from "./helpers/db";

const KEY = "hk_bootstrap_key_for_tests_0123456789";
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
