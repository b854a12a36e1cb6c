import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, setDatabase, type Database } from "../db/client";
import { migrate } from "../db/migrate";
import { users } from "../db/schema";
import { ensureDefaultTenant, ensureTenant } from "../tenants/tenants";
import { upsertUser } from "../users/store";
import { hashPassword } from "./password";
import { checkCredentials } from "./sign-in";

let database: Database;
let ipCounter = 0;
// Each test signs in from its own address so the in-memory limiter starts empty for it.
const freshIp = () => `192.0.2.${++ipCounter}`;

beforeAll(async () => {
  database = openDatabase({ pgliteDir: "memory://" });
  await migrate(database);
  setDatabase(database);
  const db = database.db;
  const tenant = await ensureDefaultTenant(db);
  const acme = await ensureTenant(db, "acme", "Acme");
  const hash = await hashPassword("correct-horse");
  await upsertUser(db, tenant.id, {
    externalId: "ada",
    email: "Ada@Example.test",
    name: "Ada",
    role: "admin",
    passwordHash: hash,
  });
  await upsertUser(db, tenant.id, { externalId: "nopass", email: "nopass@example.test" });
  const gone = await upsertUser(db, tenant.id, {
    externalId: "gone",
    email: "gone@example.test",
    passwordHash: hash,
  });
  await db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone.id));
  await upsertUser(db, acme.id, { externalId: "carol", email: "carol@example.test", passwordHash: hash });
}, 60_000);

afterAll(async () => {
  setDatabase(undefined);
  await database.close();
});

const check = (input: Record<string, unknown>, ip = freshIp()) => checkCredentials(database.db, input, ip);

describe("checkCredentials", () => {
  it("accepts the right password, matching the email case-insensitively", async () => {
    const result = await check({ email: "  ada@EXAMPLE.test ", password: "correct-horse" });
    expect(result).toMatchObject({
      ok: true,
      account: { email: "Ada@Example.test", name: "Ada", role: "admin", externalId: "ada" },
    });
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const wrong = await check({ email: "ada@example.test", password: "wrong" });
    const unknown = await check({ email: "nobody@example.test", password: "correct-horse" });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("refuses accounts without a password and deleted accounts", async () => {
    expect(await check({ email: "nopass@example.test", password: "" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await check({ email: "nopass@example.test", password: "anything" })).toMatchObject({ ok: false });
    expect(await check({ email: "gone@example.test", password: "correct-horse" })).toMatchObject({
      ok: false,
    });
  });

  it("looks in the requested tenant only", async () => {
    const creds = { email: "carol@example.test", password: "correct-horse" };
    expect(await check(creds)).toMatchObject({ ok: false });
    expect(await check({ ...creds, tenant: "acme" })).toMatchObject({ ok: true });
  });

  it("refuses the 11th attempt in a minute, even with the right password", async () => {
    const ip = freshIp();
    for (let i = 0; i < 10; i++) {
      expect(await check({ email: "ada@example.test", password: `guess-${i}` }, ip)).toMatchObject({
        reason: "invalid",
      });
    }
    expect(await check({ email: "ada@example.test", password: "correct-horse" }, ip)).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    // The budget is per address and email: the same person elsewhere still gets in.
    expect(await check({ email: "ada@example.test", password: "correct-horse" })).toMatchObject({ ok: true });
  });

  it("forgives earlier failures after a successful sign-in", async () => {
    const ip = freshIp();
    for (let i = 0; i < 9; i++) await check({ email: "ada@example.test", password: "nope" }, ip);
    expect(await check({ email: "ada@example.test", password: "correct-horse" }, ip)).toMatchObject({
      ok: true,
    });
    for (let i = 0; i < 10; i++) {
      expect(await check({ email: "ada@example.test", password: "nope" }, ip)).toMatchObject({
        reason: "invalid",
      });
    }
  });
});
