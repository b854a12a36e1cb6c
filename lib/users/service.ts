import { and, asc, count, eq, ilike, isNull, or, sql } from "drizzle-orm";
import { audit, type Actor } from "../audit";
import { hashPassword } from "../auth/password";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { forbidden, notFound } from "../http/errors";
import type { UserUpsertInput } from "./schema";
import { upsertUser, type User } from "./store";

/** The API shape of a user: never a password or its hash. */
export function userJson(u: User) {
  return {
    user_id: u.externalId,
    email: u.email,
    phone: u.phone,
    name: u.name,
    locale: u.locale,
    timezone: u.timezone,
    role: u.role,
    wechat_openid: u.wechatOpenid,
    metadata: u.metadata,
    has_password: u.passwordHash !== null,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}

export async function saveUser(
  db: Db,
  tenantId: string,
  externalId: string,
  input: UserUpsertInput,
  by: { actor: Actor; isAdmin: boolean },
): Promise<User> {
  const privileged = (["password", "role"] as const).filter((f) => input[f] !== undefined);
  if (privileged.length > 0 && !by.isAdmin)
    throw forbidden(`Only an admin may set ${privileged.join(" and ")}`);
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : undefined;
  return db.transaction(async (tx) => {
    const user = await upsertUser(tx, tenantId, {
      externalId,
      email: input.email === undefined ? undefined : (input.email?.toLowerCase() ?? null),
      phone: input.phone,
      name: input.name,
      locale: input.locale,
      timezone: input.timezone,
      wechatOpenid: input.wechat_openid,
      metadata: input.metadata,
      role: input.role,
      passwordHash,
    });
    const changed = Object.keys(input).filter((k) => k !== "password");
    if (input.password !== undefined) changed.push("password");
    await audit(tx, tenantId, by.actor, "user.saved", { type: "user", id: externalId }, { fields: changed });
    return user;
  });
}

const live = (tenantId: string) => and(eq(users.tenantId, tenantId), isNull(users.deletedAt));

export async function getUser(db: Db, tenantId: string, externalId: string): Promise<User> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(live(tenantId), eq(users.externalId, externalId)))
    .limit(1);
  if (!row) throw notFound("User not found");
  return row;
}

export async function listUsers(
  db: Db,
  tenantId: string,
  q: { page: number; page_size: number; search?: string },
) {
  const pattern = q.search ? `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = pattern
    ? and(
        live(tenantId),
        or(ilike(users.externalId, pattern), ilike(users.email, pattern), ilike(users.name, pattern)),
      )
    : live(tenantId);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(asc(users.createdAt), asc(users.id))
      .limit(q.page_size)
      .offset((q.page - 1) * q.page_size),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { users: rows, total: total!.n };
}

/** Soft delete: the person can no longer sign in, and their tokens stop working. */
export async function deleteUser(db: Db, tenantId: string, externalId: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .update(users)
      .set({ deletedAt: sql`now()` })
      .where(and(live(tenantId), eq(users.externalId, externalId)))
      .returning({ id: users.id });
    if (deleted.length === 0) throw notFound("User not found");
    await audit(tx, tenantId, actor, "user.deleted", { type: "user", id: externalId });
  });
}
