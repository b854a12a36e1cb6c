// The audit log: who changed what. Written by the domain in the same transaction as the change;
// read by the console and GET /api/v1/audit-log.
import { and, desc, eq, gte, like, lt, or, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db, Executor } from "./db/client";
import { apiKeys, auditLog, users } from "./db/schema";
import { afterTimeCursor, exactTime, timeCursorOf } from "./http/cursor";
import { pageQuery, rfc3339 } from "./http/validation";

export type Actor = { type: "user" | "api_key" | "system"; id: string | null };

/** Records who changed what; written in the same transaction as the change. */
export async function audit(
  db: Executor,
  tenantId: string,
  actor: Actor,
  action: string,
  target?: { type: string; id: string },
  data: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditLog).values({
    tenantId,
    actorType: actor.type,
    actorId: actor.id,
    action,
    targetType: target?.type,
    targetId: target?.id,
    data,
  });
}

// ---- Reading the log (the console's audit page and GET /api/v1/audit-log) ----

export const auditListQuery = z.strictObject({
  page_size: pageQuery.page_size,
  cursor: z.string().max(200).optional(),
  actor_type: z
    .enum(["user", "api_key", "system"], { message: "must be user, api_key or system" })
    .optional(),
  actor: z
    .string()
    .min(1)
    .max(320)
    .optional()
    .meta({ description: "A person's user_id or email, or an API key's id, prefix or name" }),
  action: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[a-z_.]+\*?$/, { message: "must be an action like api_key.revoked, or a prefix like api_key.*" })
    .optional()
    .meta({ description: "Exact (`template.updated`), or every action of a kind with `*` (`template.*`)" }),
  target_type: z.string().min(1).max(50).optional(),
  target_id: z.string().min(1).max(255).optional(),
  from: rfc3339.optional(),
  to: rfc3339.optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditEntrySchema = z
  .object({
    id: z.number().int(),
    action: z.string(),
    actor: z.object({
      type: z.enum(["user", "api_key", "system"]),
      id: z.string().nullable(),
      label: z
        .string()
        .nullable()
        .meta({ description: "The person's email or name, or the key's name and prefix" }),
    }),
    target_type: z.string().nullable(),
    target_id: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    created_at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "AuditEntry" });

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
});

/** Newest first, by keyset (created_at, id); the actor's label is joined in for people to read. */
export async function listAuditLog(db: Db, tenantId: string, q: AuditListQuery) {
  const where: SQL[] = [eq(auditLog.tenantId, tenantId)];
  if (q.actor_type) where.push(eq(auditLog.actorType, q.actor_type));
  if (q.actor) {
    where.push(
      or(
        eq(auditLog.actorId, q.actor),
        eq(users.externalId, q.actor),
        sql`lower(${users.email}) = lower(${q.actor})`,
        eq(apiKeys.prefix, q.actor),
        eq(apiKeys.name, q.actor),
      )!,
    );
  }
  if (q.action) {
    where.push(
      q.action.endsWith("*")
        ? like(auditLog.action, `${q.action.slice(0, -1).replace(/_/g, "\\_")}%`)
        : eq(auditLog.action, q.action),
    );
  }
  if (q.target_type) where.push(eq(auditLog.targetType, q.target_type));
  if (q.target_id) where.push(eq(auditLog.targetId, q.target_id));
  if (q.from) where.push(gte(auditLog.createdAt, new Date(q.from)));
  if (q.to) where.push(lt(auditLog.createdAt, new Date(q.to)));
  if (q.cursor) where.push(afterTimeCursor(auditLog.createdAt, auditLog.id, q.cursor, z.number().int()));
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      actorType: auditLog.actorType,
      actorId: auditLog.actorId,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      data: auditLog.data,
      createdAt: auditLog.createdAt,
      exactCreatedAt: exactTime(auditLog.createdAt),
      userEmail: users.email,
      userName: users.name,
      keyName: apiKeys.name,
      keyPrefix: apiKeys.prefix,
    })
    .from(auditLog)
    // actor_id is text (it holds user and key ids alike); the joins are scoped to the tenant too.
    .leftJoin(
      users,
      and(
        eq(auditLog.actorType, "user"),
        sql`${users.id}::text = ${auditLog.actorId}`,
        eq(users.tenantId, tenantId),
      ),
    )
    .leftJoin(
      apiKeys,
      and(
        eq(auditLog.actorType, "api_key"),
        sql`${apiKeys.id}::text = ${auditLog.actorId}`,
        eq(apiKeys.tenantId, tenantId),
      ),
    )
    .where(and(...where))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(q.page_size + 1);
  const page = rows.slice(0, q.page_size);
  const last = page[page.length - 1];
  return {
    entries: page.map((r) => ({
      id: r.id,
      action: r.action,
      actor: {
        type: r.actorType as Actor["type"],
        id: r.actorId,
        label:
          r.actorType === "user"
            ? (r.userEmail ?? r.userName)
            : r.actorType === "api_key" && r.keyName
              ? `${r.keyName} (${r.keyPrefix}…)`
              : null,
      },
      target_type: r.targetType,
      target_id: r.targetId,
      data: r.data,
      created_at: r.createdAt.toISOString(),
    })),
    next_cursor:
      rows.length > q.page_size && last
        ? timeCursorOf({ exactCreatedAt: last.exactCreatedAt, id: last.id })
        : null,
  };
}
