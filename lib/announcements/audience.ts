// Who sees an announcement, as SQL: fan-out on read means every "is it mine?" is answered by a
// predicate over the one announcement row and the user's row, never by per-user rows.
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { AnnouncementAudience } from "../db/schema";

// Inlined as literal text, not parameters, so the planner can match the partial index
// announcements_tenant_active_idx (status = 'published' and deleted_at is null).
const ACTIVE = sql.raw(
  `a.status = 'published' and a.deleted_at is null and (a.expires_at is null or a.expires_at > now())`,
);
// Array containment (@>) on the audience: everyone, the user's external id, or the user's role.
const FOR_USER = sql.raw(
  `(a.audience @> '{"all":true}'::jsonb or a.audience->'user_ids' @> jsonb_build_array(u.external_id) or a.audience->'roles' @> jsonb_build_array(u.role))`,
);
// Read or dismissed: no longer counts as unread.
const UNACTED = sql.raw(
  `not exists (select 1 from announcement_reads r where r.announcement_id = a.id and r.user_id = u.id and (r.read_at is not null or r.dismissed_at is not null))`,
);

/**
 * A scalar subquery: how many active announcements in the user's audience they have neither read
 * nor dismissed. Part of the user's unread count (README, "Unread count").
 */
export function unreadAnnouncementsSql(tenantId: unknown, userId: unknown): SQL {
  return sql`(select count(*) from announcements a join users u on u.id = ${userId} and u.tenant_id = a.tenant_id
    where a.tenant_id = ${tenantId} and ${ACTIVE} and ${FOR_USER} and ${UNACTED})`;
}

/**
 * The where clause for announcements (alias a) that are active and in the audience of the user
 * joined as alias u.
 */
export function activeForUserSql(tenantId: string): SQL {
  return sql`a.tenant_id = ${tenantId}::uuid and ${ACTIVE} and ${FOR_USER}`;
}

/**
 * Whether a user (given by their external id and role columns) is in `audience`: the FOR_USER rule
 * written per audience kind, so named users are found through the (tenant_id, external_id) index
 * rather than by testing every user of the tenant.
 */
export function inAudienceSql(
  audience: AnnouncementAudience,
  externalId: AnyColumn | SQL,
  role: AnyColumn | SQL,
): SQL {
  if ("user_ids" in audience) return sql`${externalId} = any(${sql.param(audience.user_ids)}::text[])`;
  if ("roles" in audience) return sql`${role} = any(${sql.param(audience.roles)}::text[])`;
  return sql`true`;
}

/**
 * The next page of an audience's users, as rows (id), keyset by user id: what one batch of an
 * extra-channel fan-out sends to. Deleted users are left out.
 */
export function audiencePageSql(
  tenantId: string,
  audience: AnnouncementAudience,
  after: string | null,
  limit: number,
): SQL {
  return sql`select u.id from users u
    where u.tenant_id = ${tenantId}::uuid and u.deleted_at is null
      and ${inAudienceSql(audience, sql.raw("u.external_id"), sql.raw("u.role"))}
      ${after ? sql`and u.id > ${after}::uuid` : sql``}
    order by u.id
    limit ${limit}`;
}
