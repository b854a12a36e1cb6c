import { and, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../db/client";
import { users, type UserRole } from "../db/schema";

export type User = typeof users.$inferSelect;

/**
 * Makes sure a user row exists for each external id (a send to an unknown user creates it, as in
 * Knock and Novu) and returns external id -> internal id. Set-based: one statement per call.
 */
export async function ensureUsers(
  db: Executor,
  tenantId: string,
  externalIds: string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(externalIds)];
  if (unique.length === 0) return new Map();
  await db.execute(sql`
    insert into users (tenant_id, external_id)
    select ${tenantId}::uuid, x from unnest(${sql.param(unique)}::text[]) as x
    on conflict (tenant_id, external_id) do nothing`);
  const rows = await db
    .select({ id: users.id, externalId: users.externalId })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.externalId, unique)));
  return new Map(rows.map((r) => [r.externalId, r.id]));
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

/** Creates or updates one user by external id; fields left undefined keep their value. */
export async function upsertUser(db: Executor, tenantId: string, input: UserUpsert): Promise<User> {
  const { externalId, ...fields } = input;
  const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
  const [row] = await db
    .insert(users)
    .values({ tenantId, externalId, ...set })
    .onConflictDoUpdate({
      target: [users.tenantId, users.externalId],
      set: { ...set, deletedAt: null, updatedAt: new Date() },
    })
    .returning();
  return row!;
}
