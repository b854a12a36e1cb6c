// OAuth sign-in: an identity at a provider is linked to one Herald user by the provider's own
// stable account id (user_identities), never by email. An email is an attribute anyone with
// users:write could set on a row; matching on it would hand that row, and its role, to whoever
// controls the address at the provider.
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { audit } from "../audit";
import type { Db, Executor } from "../db/client";
import { userIdentities, users } from "../db/schema";
import { env, listOf } from "../env";
import { ensureDefaultTenant } from "../tenants/tenants";
import { insertUser } from "../users/store";
import { signInAccountColumns, type SignInAccount } from "./sign-in";

/** What a provider told us about the person; `email` only when the provider verified it. */
export type OAuthProfile = { accountId: string; email: string | null; name: string | null };

/** The person an OAuth session is issued to; an OAuth-only user may have no email. */
export type OAuthAccount = Omit<SignInAccount, "email"> & { email: string | null };

const accountColumns = { ...signInAccountColumns, deletedAt: users.deletedAt };

async function findLinked(db: Executor, provider: string, accountId: string) {
  const [row] = await db
    .select({ ...accountColumns, identityId: userIdentities.id })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .where(and(eq(userIdentities.provider, provider), eq(userIdentities.providerAccountId, accountId)))
    .limit(1);
  return row ?? null;
}

function accountOf(row: OAuthAccount): OAuthAccount {
  return {
    id: row.id,
    tenantId: row.tenantId,
    externalId: row.externalId,
    email: row.email,
    name: row.name,
    role: row.role,
  };
}

/** The live user linked to this provider account, or null (none yet, or soft-deleted). */
export async function findOAuthAccount(
  db: Executor,
  provider: string,
  accountId: string,
): Promise<OAuthAccount | null> {
  const row = await findLinked(db, provider, accountId);
  return row && !row.deletedAt ? accountOf(row) : null;
}

const cleanEmail = (email: string | null) => {
  const e = email?.trim().toLowerCase();
  return e && e.length <= 320 ? e : null;
};

/**
 * Whether a first OAuth sign-in may create an account: its provider-verified email is in one of the
 * operator's domains (AUTH_OAUTH_SIGNUP_DOMAINS), or the operator opened sign-up to anyone ("*").
 * Closed by default: an OAuth app accepts every account of its provider.
 */
export function signUpAllowed(email: string | null, domains: readonly string[]): boolean {
  if (domains.includes("*")) return true;
  const domain = email?.split("@")[1];
  return !!domain && domains.includes(domain);
}

/**
 * Signs in with a provider account: the user linked to it, or, at the first sign-in and when
 * sign-up is open to its email, a new plain `user` of the default tenant linked to it from now on.
 * A new user never takes over an existing row, whatever its email or external id; a linked user
 * that was deleted stays out (null).
 */
export async function signInWithOAuth(
  db: Db,
  provider: string,
  profile: OAuthProfile,
  signUpDomains: readonly string[] = listOf(env().AUTH_OAUTH_SIGNUP_DOMAINS),
): Promise<OAuthAccount | null> {
  const linked = await findLinked(db, provider, profile.accountId);
  if (linked) {
    if (linked.deletedAt) return null;
    await db
      .update(userIdentities)
      .set({ lastUsedAt: new Date() })
      .where(eq(userIdentities.id, linked.identityId));
    return accountOf(linked);
  }
  const email = cleanEmail(profile.email);
  if (!signUpAllowed(email, signUpDomains)) return null;
  const tenant = await ensureDefaultTenant(db);
  const created = await db
    .transaction(async (tx) => {
      const fields = { email, name: profile.name?.trim().slice(0, 200) || null, role: "user" as const };
      const preferred = `${provider}:${profile.accountId}`;
      // The natural external id may already name a row a service created: that row is not this
      // person's, so the new user gets a suffixed id instead.
      const user =
        (await insertUser(tx, tenant.id, { externalId: preferred, ...fields })) ??
        (await insertUser(tx, tenant.id, {
          externalId: `${preferred}:${randomBytes(4).toString("hex")}`,
          ...fields,
        }));
      if (!user) throw new Error("could not allocate an external id for a new OAuth user");
      const [identity] = await tx
        .insert(userIdentities)
        .values({
          tenantId: tenant.id,
          userId: user.id,
          provider,
          providerAccountId: profile.accountId,
          email,
          lastUsedAt: new Date(),
        })
        .onConflictDoNothing({ target: [userIdentities.provider, userIdentities.providerAccountId] })
        .returning({ id: userIdentities.id });
      // A concurrent first sign-in of the same account linked first: undo this user, use that one.
      if (!identity) throw new LostRace();
      await audit(
        tx,
        tenant.id,
        { type: "user", id: user.id },
        "user.signed_up",
        { type: "user", id: user.externalId },
        { provider },
      );
      return user;
    })
    .catch((err: unknown) => {
      if (err instanceof LostRace) return null;
      throw err;
    });
  if (!created) return findOAuthAccount(db, provider, profile.accountId);
  return accountOf(created);
}

class LostRace extends Error {}
