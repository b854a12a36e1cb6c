import { and, eq, isNull, sql } from "drizzle-orm";
import { rowsOf, type Executor } from "../db/client";
import { users, type UserRole } from "../db/schema";
import type { AppLocale } from "../vocabulary/locale";

export type User = typeof users.$inferSelect;

/**
 * Makes sure a user row exists for each external id (a send to an unknown user creates it, so
 * senders need no separate sign-up call) and returns external id -> internal id. Set-based: one statement per call.
 */
export async function ensureUsers(
  db: Executor,
  tenantId: string,
  externalIds: string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(externalIds)].sort();
  if (unique.length === 0) return new Map();
  // One round trip whatever the count: the ids travel as one array parameter (a list of 100,000
  // parameters would exceed PostgreSQL's limit). Known users are found by join, and only the
  // missing ones go through the (costlier) insert.
  const result = await db.execute(sql`
    with input as (select unnest(${sql.param(unique)}::text[]) as external_id),
    existing as (
      select u.id, u.external_id from users u join input i on u.external_id = i.external_id
      where u.tenant_id = ${tenantId}::uuid
    ),
    created as (
      insert into users (tenant_id, external_id)
      select ${tenantId}::uuid, i.external_id from input i
      where not exists (select 1 from existing e where e.external_id = i.external_id)
      order by i.external_id -- one lock order for every writer: no deadlocks between concurrent calls
      on conflict (tenant_id, external_id) do nothing
      returning id, external_id
    )
    select id, external_id from existing
    union all
    select id, external_id from created`);
  const map = new Map(rowsOf<{ id: string; external_id: string }>(result).map((r) => [r.external_id, r.id]));
  if (map.size < unique.length) {
    // Created by a concurrent request after this statement's snapshot: visible to a new statement.
    const missing = unique.filter((x) => !map.has(x));
    const late = await db.execute(sql`
      select id, external_id from users
      where tenant_id = ${tenantId}::uuid and external_id = any(${sql.param(missing)}::text[])`);
    for (const r of rowsOf<{ id: string; external_id: string }>(late)) map.set(r.external_id, r.id);
  }
  return map;
}

export type UserUpsert = {
  externalId: string;
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  locale?: string | null;
  timezone?: string | null;
  role?: UserRole;
  passwordHash?: string | null;
  wechatOpenid?: string | null;
  metadata?: Record<string, unknown>;
};

/**
 * Creates or updates one user by external id; fields left undefined keep their value. A
 * soft-deleted row stays deleted (only restoreUser brings it back). For bootstrap and tests: the
 * API goes through saveUser, which checks who may change what.
 */
export async function upsertUser(db: Executor, tenantId: string, input: UserUpsert): Promise<User> {
  const { externalId, ...fields } = input;
  const set = definedFields(fields);
  const [row] = await db
    .insert(users)
    .values({ tenantId, externalId, ...set })
    .onConflictDoUpdate({
      target: [users.tenantId, users.externalId],
      set: { ...set, updatedAt: new Date() },
    })
    .returning();
  return row!;
}

function definedFields(fields: Omit<UserUpsert, "externalId">) {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/** A user row, locked for the rest of the transaction, with whether the person can sign in. */
export type LockedUser = User & { canSignIn: boolean };

/**
 * Locks the user (deleted or not) so a check on it holds until commit. Someone "can sign in" with
 * a password, an OAuth identity or the admin role: their email and phone are then credentials.
 */
export async function lockUser(
  db: Executor,
  tenantId: string,
  externalId: string,
): Promise<LockedUser | null> {
  const [row] = await db
    .select({
      user: users,
      // Spelled out: drizzle leaves columns unqualified in a one-table select, which the subquery
      // would read as its own.
      canSignIn: sql<boolean>`(users.password_hash is not null or users.role = 'admin' or exists (
        select 1 from user_identities i where i.user_id = users.id))`,
    })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId)))
    .for("update", { of: users })
    .limit(1);
  return row ? { ...row.user, canSignIn: Boolean(row.canSignIn) } : null;
}

/** Inserts a new user; null when the external id was taken meanwhile (the caller looks again). */
export async function insertUser(db: Executor, tenantId: string, input: UserUpsert): Promise<User | null> {
  const { externalId, ...fields } = input;
  const [row] = await db
    .insert(users)
    .values({ tenantId, externalId, ...definedFields(fields) })
    .onConflictDoNothing({ target: [users.tenantId, users.externalId] })
    .returning();
  return row ?? null;
}

/** Updates a user by internal id; fields left undefined keep their value. */
export async function updateUser(
  db: Executor,
  id: string,
  fields: Omit<UserUpsert, "externalId">,
): Promise<User> {
  const [row] = await db
    .update(users)
    .set({ ...definedFields(fields), updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row!;
}

/** A signed-in user's stored interface language (null when unset), read for each page they load. */
export async function findUserLocale(db: Executor, tenantId: string, id: string): Promise<string | null> {
  const [row] = await db
    .select({ locale: users.locale })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id), isNull(users.deletedAt)))
    .limit(1);
  return row?.locale ?? null;
}

/** The language switcher's choice, kept on the user's own row so every device follows it. */
export async function setUserLocale(
  db: Executor,
  tenantId: string,
  id: string,
  locale: AppLocale,
): Promise<void> {
  await db
    .update(users)
    .set({ locale, updatedAt: new Date() })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id), isNull(users.deletedAt)));
}
