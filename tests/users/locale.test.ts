// The interface language stored on a user's own row: read for each page, set by the switcher, and
// confined to that user in that tenant (another tenant's row with the same id filter is untouched).
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tenants, users } from "@/lib/db/schema";
import { findUserLocale, setUserLocale, upsertUser } from "@/lib/users/store";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

describe("user locale", () => {
  let t: TestDatabase;
  let tenantA: string;
  let tenantB: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    const [a, b] = await t.database.db
      .insert(tenants)
      .values([
        { slug: "a", name: "A", tokenSecret: "a".repeat(40) },
        { slug: "b", name: "B", tokenSecret: "b".repeat(40) },
      ])
      .returning();
    tenantA = a!.id;
    tenantB = b!.id;
  });
  afterAll(async () => t.drop());

  it("reads null until set, then the switcher's choice", async () => {
    const db = t.database.db;
    const bob = await upsertUser(db, tenantA, { externalId: "bob" });
    expect(await findUserLocale(db, tenantA, bob.id)).toBeNull();
    await setUserLocale(db, tenantA, bob.id, "zh-CN");
    expect(await findUserLocale(db, tenantA, bob.id)).toBe("zh-CN");
    await setUserLocale(db, tenantA, bob.id, "en");
    expect(await findUserLocale(db, tenantA, bob.id)).toBe("en");
  });

  it("neither reads nor writes a user through another tenant, nor a deleted user", async () => {
    const db = t.database.db;
    const carol = await upsertUser(db, tenantB, { externalId: "carol", locale: "en" });
    await setUserLocale(db, tenantA, carol.id, "zh-CN");
    expect(await findUserLocale(db, tenantA, carol.id)).toBeNull();
    expect(await findUserLocale(db, tenantB, carol.id)).toBe("en");

    await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, carol.id));
    await setUserLocale(db, tenantB, carol.id, "zh-CN");
    expect(await findUserLocale(db, tenantB, carol.id)).toBeNull();
    const [row] = await db.select().from(users).where(eq(users.id, carol.id));
    expect(row!.locale).toBe("en");
  });
});
