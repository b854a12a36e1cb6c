// Password sign-in for the console and the inbox, kept apart from Auth.js so it runs (and is tested)
// on a plain database: the account lookup, the rate limit and the password check.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/client";
import { tenants, users, type UserRole } from "../db/schema";
import { DEFAULT_TENANT_SLUG } from "../tenants/tenants";
import { addressKey } from "../http/client-ip";
import { verifyPassword } from "../crypto/password";
import { consume, peek, reset, signInAccountKey, type LimitDecision } from "./rate-limit";

/** The person a session is issued to. */
export type SignInAccount = {
  id: string;
  tenantId: string;
  externalId: string;
  email: string;
  name: string | null;
  role: UserRole;
};

type AccountRow = SignInAccount & { passwordHash: string | null };

/** The columns a session is issued from (password and OAuth sign-in alike). */
export const signInAccountColumns = {
  id: users.id,
  tenantId: users.tenantId,
  externalId: users.externalId,
  email: users.email,
  name: users.name,
  role: users.role,
};

/** The live user of a tenant with this email (case-insensitive), or null. */
export async function findSignInUser(
  db: Executor,
  tenantSlug: string,
  email: string,
): Promise<AccountRow | null> {
  const [row] = await db
    .select({ ...signInAccountColumns, passwordHash: users.passwordHash })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(
      and(
        eq(tenants.slug, tenantSlug),
        sql`lower(${users.email}) = ${email.trim().toLowerCase()}`,
        isNull(users.deletedAt),
      ),
    )
    // Emails are not unique within a tenant: prefer the account that can sign in, then the oldest.
    .orderBy(sql`${users.passwordHash} is null`, asc(users.createdAt))
    .limit(1);
  return row ? { ...row, email: row.email ?? email } : null;
}

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email().max(320)),
  // Capped so a megabyte "password" cannot make argon2 hash it.
  password: z.string().min(1).max(1024),
  tenant: z
    .string()
    .trim()
    .max(63)
    .optional()
    .transform((v) => v || DEFAULT_TENANT_SLUG),
});

export type CredentialsCheck =
  { ok: true; account: SignInAccount } | { ok: false; reason: "invalid" | "rate_limited" };

// An argon2id hash (hashPassword's parameters) of a random, discarded password: unknown emails and
// accounts without a password pay for the same verify as real ones, so timing reveals nothing.
const DUMMY_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$9iH0dvhYhoA1cEIWTspSnA$TvTS2S89M6YKkHAcVRGuwrBcKZgmt5xa7YaLHuR30YQ";

/**
 * Checks an email/password pair from `ip`. Each attempt spends one point of the address's budget
 * over all accounts (RATE_LIMIT_SIGN_IN_IP_PER_MIN: a spray across accounts) and one of the account's
 * from every address (RATE_LIMIT_SIGN_IN_PER_MIN: guesses at one account from many addresses). A
 * success forgives the account's failures, never the address's: one valid account of their own
 * would otherwise let an attacker reset their address's count. The price of the per-account budget:
 * anyone can keep an account locked out by spending it, the accepted trade against password guessing.
 * Unknown email and wrong password are the same "invalid" on purpose.
 */
export async function checkCredentials(db: Executor, input: unknown, ip: string): Promise<CredentialsCheck> {
  const parsed = credentialsSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const { email, password, tenant } = parsed.data;
  // The address first: once it is over its budget, its attempts no longer spend accounts' budgets.
  if (!(await consume("sign-in-ip", addressKey(ip))).allowed) return { ok: false, reason: "rate_limited" };
  const account = signInAccountKey(tenant, email);
  if (!(await consume("sign-in", account)).allowed) return { ok: false, reason: "rate_limited" };
  const row = await findSignInUser(db, tenant, email);
  const matches = await verifyPassword(row?.passwordHash ?? DUMMY_HASH, password);
  if (!row?.passwordHash || !matches) return { ok: false, reason: "invalid" };
  await reset("sign-in", account);
  const { passwordHash: _hash, ...found } = row;
  return { ok: true, account: found };
}

const attemptSchema = credentialsSchema.pick({ email: true, tenant: true });

/**
 * The spent budget refusing a sign-in attempt from `ip` before any work is done for it, or null.
 * Spends nothing: checkCredentials counts the attempt if it goes ahead.
 */
export async function signInRefusal(input: unknown, ip: string): Promise<LimitDecision | null> {
  const byAddress = await peek("sign-in-ip", addressKey(ip));
  if (!byAddress.allowed) return byAddress;
  const attempt = attemptSchema.safeParse(input);
  if (!attempt.success) return null;
  const byAccount = await peek("sign-in", signInAccountKey(attempt.data.tenant, attempt.data.email));
  return byAccount.allowed ? null : byAccount;
}
