import { sql } from "drizzle-orm";
import { rowsOf, type Executor } from "../db/client";
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
  // One round trip whatever the count: the ids travel as one array parameter (a list of 100,000
  // parameters would exceed PostgreSQL's limit). New rows come from the insert's RETURNING,
  // existing ones from the join (the insert's rows are not visible to the join's snapshot).
  const result = await db.execute(sql`
    with input as (select unnest(${sql.param(unique)}::text[]) as external_id),
    created as (
      insert into users (tenant_id, external_id)
      select ${tenantId}::uuid, external_id from input
      on conflict (tenant_id, external_id) do nothing
      returning id, external_id
    )
    select id, external_id from created
    union all
    select u.id, u.external_id from users u join input i on u.external_id = i.external_id
    where u.tenant_id = ${tenantId}::uuid`);
  return new Map(rowsOf<{ id: string; external_id: string }>(result).map((r) => [r.external_id, r.id]));
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
