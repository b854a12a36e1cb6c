import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, setDatabase, type Database } from "../db/client";
import { migrate } from "../db/migrate";
import { users } from "../db/schema";
import { ensureDefaultTenant, ensureTenant } from "../tenants/tenants";
import { upsertUser } from "../users/store";
import { resetEnv } from "../env";
import { hashPassword, passwordWork, verifyPassword } from "../crypto/password";
import { checkCredentials, signInRefusal } from "./sign-in";

let database: Database;
let ipCounter = 0;
let passwordHash = "";
// Each attempt comes from its own address unless a test says otherwise: the address budget stays out
// of the tests of the account budget.
const freshIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** An account of the default tenant that only one test signs in to (its budget starts whole). */
async function ensureUser(externalId: string) {
  const tenant = await ensureDefaultTenant(database.db);
  await upsertUser(database.db, tenant.id, { externalId, email: `${externalId}@example.test`, passwordHash });
}

beforeAll(async () => {
  database = openDatabase({ pgliteDir: "memory://" });
  await migrate(database);
  setDatabase(database);
  const db = database.db;
  const tenant = await ensureDefaultTenant(db);
  const acme = await ensureTenant(db, "acme", "Acme");
  const hash = await hashPassword("correct-horse");
  passwordHash = hash;
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

  it("refuses the 11th attempt at one account in a minute, from any address, even with the right password", async () => {
    await ensureUser("dora");
    // A distributed guess: every attempt comes from another address.
    for (let i = 0; i < 10; i++) {
      expect(await check({ email: "dora@example.test", password: `guess-${i}` })).toMatchObject({
        reason: "invalid",
      });
    }
    expect(await check({ email: "DORA@example.test ", password: "correct-horse" })).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    // The budget is the account's: another account, and the same email in another tenant, still get in.
    expect(await check({ email: "ada@example.test", password: "correct-horse" })).toMatchObject({ ok: true });
    expect(
      await check({ email: "carol@example.test", password: "correct-horse", tenant: "acme" }),
    ).toMatchObject({ ok: true });
  });

  it("refuses one address's 31st attempt in a minute across accounts, without spending theirs", async () => {
    const ip = freshIp();
    // A spray: one guess at each of many accounts, none of them near its own budget.
    for (let i = 0; i < 30; i++) {
      expect(await check({ email: `spray-${i}@example.test`, password: "Winter2026!" }, ip)).toMatchObject({
        reason: "invalid",
      });
    }
    expect(await check({ email: "ada@example.test", password: "correct-horse" }, ip)).toEqual({
      ok: false,
      reason: "rate_limited",
    });
    expect(await signInRefusal({ email: "ada@example.test" }, ip)).toMatchObject({
      allowed: false,
      limit: 30,
    });
    // Refused at the address, the attempt did not count against ada: she signs in from elsewhere.
    expect(await signInRefusal({ email: "ada@example.test" }, freshIp())).toBeNull();
    expect(await check({ email: "ada@example.test", password: "correct-horse" })).toMatchObject({ ok: true });
  });

  it("counts an IPv6 client's whole /64 as one address", async () => {
    for (let i = 0; i < 30; i++)
      await check(
        { email: `v6-${i}@example.test`, password: "nope" },
        `2001:db8:15:4::${(i + 1).toString(16)}`,
      );
    expect(
      await check({ email: "ada@example.test", password: "correct-horse" }, "2001:db8:15:4:ffff::1"),
    ).toEqual({
      ok: false,
      reason: "rate_limited",
    });
  });

  it("forgives the account's earlier failures after a successful sign-in, not the address's", async () => {
    await ensureUser("erin");
    const ip = freshIp();
    for (let i = 0; i < 9; i++) await check({ email: "erin@example.test", password: "nope" }, ip);
    expect(await check({ email: "erin@example.test", password: "correct-horse" }, ip)).toMatchObject({
      ok: true,
    });
    // The account's budget is whole again (10), the address has 20 of its 30 left.
    for (let i = 0; i < 10; i++) {
      expect(await check({ email: "erin@example.test", password: "nope" }, ip)).toMatchObject({
        reason: "invalid",
      });
    }
    for (let i = 0; i < 10; i++) await check({ email: `other-${i}@example.test`, password: "nope" }, ip);
    expect(await check({ email: `last@example.test`, password: "nope" }, ip)).toEqual({
      ok: false,
      reason: "rate_limited",
    });
  });
});

describe("signInRefusal", () => {
  it("spends nothing and says nothing until a budget is spent", async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expect(await signInRefusal({ email: "ada@example.test" }, ip)).toBeNull();
    expect(await check({ email: "ada@example.test", password: "correct-horse" }, ip)).toMatchObject({
      ok: true,
    });
    // Unreadable input is Auth.js's to refuse; only the address is looked at.
    expect(await signInRefusal({ email: 42 }, ip)).toBeNull();
  });
});

describe("password work", () => {
  it("runs at most PASSWORD_HASH_CONCURRENCY hashes at once; the others wait and still finish", async () => {
    process.env.PASSWORD_HASH_CONCURRENCY = "1";
    resetEnv();
    try {
      const hash = await hashPassword("correct-horse");
      passwordHash = hash;
      const checks = Array.from({ length: 4 }, (_, i) =>
        verifyPassword(hash, i === 0 ? "correct-horse" : "no"),
      );
      await vi.waitFor(() => expect(passwordWork().running + passwordWork().waiting).toBe(4));
      expect(passwordWork()).toEqual({ running: 1, waiting: 3 });
      expect(await Promise.all(checks)).toEqual([true, false, false, false]);
      expect(passwordWork()).toEqual({ running: 0, waiting: 0 });
    } finally {
      delete process.env.PASSWORD_HASH_CONCURRENCY;
      resetEnv();
    }
  });
});
