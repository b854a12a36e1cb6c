// Reading and changing notifications as their recipient (or tenant-wide for the console).
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { unreadAnnouncementsSql } from "../announcements/audience";
import { preparedQuery, rowsOf, type Db, type Executor } from "../db/client";
import { deliveries, notifications, templates, users } from "../db/schema";
import { bus, type Removal } from "../events";
import { afterTimeCursor, decodeCursor, encodeCursor, exactTime, timeCursorOf } from "../http/cursor";
import { invalid, notFound } from "../errors";
import type { ListQuery } from "./schema";
import { notificationColumns, notificationJson, notificationSchema, type NotificationRow } from "./serialize";
import { VISIBLE_STATUSES } from "./status";
import { pageOffset } from "../http/validation";
import { clock } from "../clock";
import { badgeModeOf } from "../tenants/settings";
import {
  DEFAULT_INBOX_VIEW,
  type BadgeMode,
  type BatchMarkAction,
  type InboxView,
  type NotificationPriority,
  type NotificationType,
} from "../vocabulary/enums";

/** Whose notifications: one recipient (internal user id), or the whole tenant. */
export type Scope = { tenantId: string; userId?: string };
export type Owner = { tenantId: string; userId: string };

// Inlined as literals, not parameters: the planner can only use the partial indexes (visible,
// unread) when it sees the same predicate text, also in prepared statements' generic plans.
const visibleSql = sql.raw(`in (${VISIBLE_STATUSES.map((s) => `'${s}'`).join(",")})`);

function scopeWhere(scope: Scope): SQL {
  if (!scope.userId) return eq(notifications.tenantId, scope.tenantId);
  return and(
    // The tenant is checked once on the recipient's user row, not on each notification row: that
    // keeps a user's inbox total an index-only scan of notifications_visible_idx (0.4 ms instead of
    // 16 ms for 1,000 rows, each on its own heap page). A notification's tenant is its user's.
    sql`exists (select 1 from users su where su.id = ${scope.userId}::uuid and su.tenant_id = ${scope.tenantId}::uuid)`,
    eq(notifications.userId, scope.userId),
    isNull(notifications.deletedAt),
    sql`${notifications.status} ${visibleSql}`,
  )!;
}

/**
 * What each view of a recipient's list holds; the default inbox's and the Archived tab's
 * predicates are those of their partial indexes (notifications_inbox_idx, _archived_idx).
 */
const viewWhere: Record<InboxView, SQL | undefined> = {
  inbox: and(isNull(notifications.archivedAt), isNull(notifications.snoozedUntil)),
  archived: isNotNull(notifications.archivedAt),
  snoozed: isNotNull(notifications.snoozedUntil),
  all: undefined,
};

const selectRows = (db: Executor) =>
  db
    .select({ ...notificationColumns, exactCreatedAt: exactTime(notifications.createdAt) })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .leftJoin(templates, eq(templates.id, notifications.templateId));

// Cursors are opaque to clients: base64url JSON of the last row's sort key.
const userCursor = z.object({ s: z.number().int() });

function filters(q: ListQuery, externalUserId: string | undefined): SQL[] {
  const f: SQL[] = [];
  if (q.status === "read") f.push(isNotNull(notifications.readAt));
  else if (q.status === "unread") f.push(isNull(notifications.readAt));
  else if (q.status) f.push(eq(notifications.status, q.status));
  if (q.type) f.push(eq(notifications.type, q.type));
  if (q.priority) f.push(eq(notifications.priority, q.priority));
  if (q.unread_only) f.push(isNull(notifications.readAt));
  if (q.since) f.push(gte(notifications.createdAt, new Date(q.since)));
  if (q.batch_id) f.push(eq(notifications.batchId, q.batch_id));
  if (q.group_key) f.push(eq(notifications.groupKey, q.group_key));
  if (q.until) f.push(lt(notifications.createdAt, new Date(q.until)));
  if (q.channel) f.push(sql`${notifications.channels} @> array[${q.channel}]::text[]`);
  // Subqueries, not joins: the count query selects from notifications alone.
  if (q.template)
    f.push(
      sql`exists (select 1 from templates t where t.id = ${notifications.templateId} and t.tenant_id = ${notifications.tenantId} and t.code = ${q.template})`,
    );
  if (q.provider)
    f.push(
      sql`exists (select 1 from deliveries d where d.notification_id = ${notifications.id} and d.provider = ${q.provider})`,
    );
  if (externalUserId) f.push(eq(users.externalId, externalUserId));
  return f;
}

/** A recipient's own list shows the default inbox unless told otherwise; a tenant-wide one every row. */
function viewFilter(q: ListQuery, perUser: boolean): SQL[] {
  const where = viewWhere[q.view ?? (perUser ? DEFAULT_INBOX_VIEW : "all")];
  return where ? [where] : [];
}

export type Page = { rows: NotificationRow[]; total?: number; nextCursor: string | null };

/**
 * A page of notifications, newest first. Offset pages (page, page_size) carry a total; with
 * `cursor` the page is found by keyset and is as fast on page 500 as on page 1.
 */
export async function listNotifications(db: Db, scope: Scope, q: ListQuery): Promise<Page> {
  const perUser = Boolean(scope.userId);
  const where = [
    scopeWhere(scope),
    ...viewFilter(q, perUser),
    ...filters(q, scope.userId ? undefined : q.user_id),
  ];
  const order = perUser ? [desc(notifications.seq)] : [desc(notifications.createdAt), desc(notifications.id)];
  const cursorOf = (r: NotificationRow & { exactCreatedAt: string }) =>
    perUser ? encodeCursor({ s: r.seq }) : timeCursorOf(r);

  if (q.cursor !== undefined) {
    if (q.cursor !== "") {
      if (perUser) where.push(lt(notifications.seq, decodeCursor(userCursor, q.cursor).s));
      else where.push(afterTimeCursor(notifications.createdAt, notifications.id, q.cursor));
    }
    const rows = await selectRows(db)
      .where(and(...where))
      .orderBy(...order)
      .limit(q.page_size + 1);
    const more = rows.length > q.page_size;
    const page = rows.slice(0, q.page_size);
    return { rows: page, nextCursor: more ? cursorOf(page[page.length - 1]!) : null };
  }

  const [rows, [total]] = await Promise.all([
    selectRows(db)
      .where(and(...where))
      .orderBy(...order)
      .limit(q.page_size)
      .offset(pageOffset(q, "cursor")),
    // The join is only needed to filter a tenant-wide list by user_id.
    scope.userId || !q.user_id
      ? db
          .select({ n: count() })
          .from(notifications)
          .where(and(...where))
      : db
          .select({ n: count() })
          .from(notifications)
          .innerJoin(users, eq(users.id, notifications.userId))
          .where(and(...where)),
  ]);
  const last = rows[rows.length - 1];
  const more = (q.page - 1) * q.page_size + rows.length < total!.n;
  return { rows, total: total!.n, nextCursor: last && more ? cursorOf(last) : null };
}

export const notificationGroupSchema = z
  .object({
    group_key: z
      .string()
      .nullable()
      .meta({ description: "Null: a notification without a key, a group of one" }),
    count: z.number().int().meta({ description: "Members in the list's view (and filters)" }),
    unread_count: z.number().int(),
    latest: notificationSchema,
  })
  .meta({ id: "NotificationGroup" });

export const groupPageSchema = z
  .object({
    groups: z.array(notificationGroupSchema),
    page_size: z.number().int(),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
  })
  .meta({ id: "NotificationGroupPage" });

export type GroupPage = z.input<typeof groupPageSchema>;

/**
 * A recipient's list folded by group_key, newest group (by its latest member's seq) first, keyset
 * paged by that seq. Keyed rows are aggregated through notifications_inbox_group_idx; rows without
 * a key stay a plain keyset scan, and the two are merged, so a page never groups the whole inbox's
 * ungrouped rows.
 */
export async function listNotificationGroups(db: Db, scope: Scope, q: ListQuery): Promise<GroupPage> {
  // Groups fold one recipient's inbox: a tenant-wide list has no recipient to fold for.
  if (!scope.userId)
    throw invalid("Invalid grouped", [{ field: "grouped", message: "needs a user's own list" }]);
  const owner: Owner = { tenantId: scope.tenantId, userId: scope.userId };
  const where = and(scopeWhere(owner), ...viewFilter(q, true), ...filters(q, undefined))!;
  const before =
    q.cursor !== undefined && q.cursor !== ""
      ? decodeCursor(userCursor, q.cursor).s
      : Number.MAX_SAFE_INTEGER;
  const limit = q.page_size + 1;
  const groups = rowsOf<{
    group_key: string | null;
    n: string | number;
    unread: string | number;
    seq: string | number;
  }>(
    await db.execute(sql`
      select * from (
        (select null::varchar as group_key, 1 as n, (${notifications.readAt} is null)::int as unread, ${notifications.seq} as seq
          from ${notifications}
          where ${where} and ${notifications.groupKey} is null and ${notifications.seq} < ${before}
          order by ${notifications.seq} desc limit ${limit})
        union all
        (select ${notifications.groupKey}, count(*), count(*) filter (where ${notifications.readAt} is null), max(${notifications.seq})
          from ${notifications}
          where ${where} and ${notifications.groupKey} is not null
          group by ${notifications.groupKey}
          having max(${notifications.seq}) < ${before}
          order by 4 desc limit ${limit})
      ) g order by seq desc limit ${limit}`),
  ).map((g) => ({ key: g.group_key, count: Number(g.n), unread: Number(g.unread), seq: Number(g.seq) }));
  const page = groups.slice(0, q.page_size);
  const latest =
    page.length === 0
      ? []
      : await selectRows(db).where(
          and(
            eq(notifications.userId, owner.userId),
            inArray(
              notifications.seq,
              page.map((g) => g.seq),
            ),
          ),
        );
  const bySeq = new Map(latest.map((r) => [r.seq, r]));
  return {
    groups: page.map((g) => ({
      group_key: g.key,
      count: g.count,
      unread_count: g.unread,
      latest: notificationJson(bySeq.get(g.seq)!),
    })),
    page_size: q.page_size,
    next_cursor: groups.length > q.page_size ? encodeCursor({ s: page[page.length - 1]!.seq }) : null,
  };
}

/**
 * Marks every unread member of one of the owner's default-inbox groups read, in one statement, with
 * the live events and badge of any other mark. A key the owner has no such row under is a 404.
 */
export async function markGroupRead(db: Db, owner: Owner, groupKey: string): Promise<number> {
  const [found] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(scopeWhere(owner), viewWhere.inbox, eq(notifications.groupKey, groupKey)))
    .limit(1);
  if (!found) throw notFound("Notification group not found");
  const filter = sql`group_key = ${groupKey} and ${viewColumnsSql.inbox}`;
  return (await changeNotifications(db, owner, "read", undefined, { filter })).length;
}

export async function getNotification(db: Executor, scope: Scope, id: string): Promise<NotificationRow> {
  const [row] = await selectRows(db)
    .where(and(scopeWhere(scope), eq(notifications.id, id)))
    .limit(1);
  if (!row) throw notFound("Notification not found");
  return row;
}

/** Rows by id within a tenant, in change order (for events after a batch change). */
export function listByIds(db: Executor, tenantId: string, ids: string[]): Promise<NotificationRow[]> {
  return selectRows(db)
    .where(
      and(eq(notifications.tenantId, tenantId), sql`${notifications.id} = any(${sql.param(ids)}::uuid[])`),
    )
    .orderBy(asc(notifications.changeSeq));
}

/** The column the badge counts null ones of: read_at (unread) or seen_at (unseen). */
const badgeColumn = (mode: BadgeMode) => (mode === "unseen" ? notifications.seenAt : notifications.readAt);

/**
 * The recipient's badge: their default inbox's unread (or, by the tenant's setting, unseen)
 * notifications. Archived and snoozed ones do not count.
 */
export async function unreadCount(db: Db, owner: Owner): Promise<number> {
  const mode = await badgeModeOf(db, owner.tenantId);
  const name = `${mode}_count`;
  const query = preparedQuery(db, name, (d) =>
    d
      // The count includes active announcements in the user's audience not yet read or
      // dismissed (README, "Unread count").
      .select({
        n: sql<number>`count(*) + ${unreadAnnouncementsSql(sql.placeholder("tenantId"), sql.placeholder("userId"))}`.mapWith(
          Number,
        ),
      })
      .from(notifications)
      .where(
        and(
          scopeWhere({
            tenantId: sql.placeholder("tenantId") as unknown as string,
            userId: sql.placeholder("userId") as unknown as string,
          }),
          // Leads notifications_unread_idx / _unseen_idx (tenant_id, user_id): the count stays index-only.
          eq(notifications.tenantId, sql.placeholder("tenantId") as unknown as string),
          viewWhere.inbox,
          isNull(badgeColumn(mode)),
        ),
      )
      .prepare(name),
  );
  const [row] = await query.execute({ tenantId: owner.tenantId, userId: owner.userId });
  return row!.n;
}

/**
 * `unreadCount` for many recipients of one tenant in one query (live badges after a send), by the
 * same rule: per recipient the same index-only count, with the recipient's row as the scope.
 * Every id asked for is in the answer; unknown ones count 0.
 */
export async function countUnreadFor(
  db: Db,
  tenantId: string,
  userIds: string[],
): Promise<Map<string, number>> {
  const counts = new Map(userIds.map((id) => [id, 0]));
  if (userIds.length === 0) return counts;
  const mode = await badgeModeOf(db, tenantId);
  const recipientId = sql.raw("recipient.id") as unknown as string;
  const rows = rowsOf<{ user_id: string; unread: string | number }>(
    await db.execute(sql`
      select recipient.id as user_id, (
        select count(*) from ${notifications}
        where ${and(
          scopeWhere({ tenantId, userId: recipientId }),
          eq(notifications.tenantId, tenantId),
          viewWhere.inbox,
          isNull(badgeColumn(mode)),
        )}
      ) + ${unreadAnnouncementsSql(sql`${tenantId}::uuid`, recipientId)} as unread
      from users recipient
      where recipient.tenant_id = ${tenantId}::uuid and recipient.id = any(${sql.param(userIds)}::uuid[])`),
  );
  for (const row of rows) counts.set(row.user_id, Number(row.unread));
  return counts;
}

/**
 * What a recipient (or the snooze job) does to notifications. `unsnooze` and `wake` bring a
 * snoozed one back on top, unread: the user's own, or the job's at the snooze's end.
 */
export const inboxChanges = [
  "read",
  "unread",
  "seen",
  "delete",
  "archive",
  "unarchive",
  "snooze",
  "unsnooze",
  "wake",
] as const;
export type Change = (typeof inboxChanges)[number];

/** The change as live clients and outbound webhooks learn of it (a wake is an unsnooze). */
export type PublishedChange = Exclude<Change, "delete" | "wake">;

type ChangeSet = { where: SQL; set: SQL; toTop?: boolean };

// Reading implies seeing: seen_at is set with read_at, so the unseen rows stay a subset of the unread.
function changeSetOf(change: Change, opts: { until?: Date }): ChangeSet {
  switch (change) {
    case "read":
      return { where: sql`read_at is null`, set: sql`read_at = now(), seen_at = coalesce(seen_at, now())` };
    case "unread":
      return { where: sql`read_at is not null`, set: sql`read_at = null` };
    case "seen":
      return { where: sql`seen_at is null`, set: sql`seen_at = now()` };
    case "delete":
      return { where: sql`true`, set: sql`deleted_at = now()` };
    // Archiving ends a snooze: the row is where the user put it last.
    case "archive":
      return { where: sql`archived_at is null`, set: sql`archived_at = now(), snoozed_until = null` };
    case "unarchive":
      return { where: sql`archived_at is not null`, set: sql`archived_at = null` };
    case "snooze":
      return {
        where: sql`true`,
        set: sql`snoozed_until = ${opts.until!.toISOString()}::timestamptz, archived_at = null`,
      };
    case "unsnooze":
      return {
        where: sql`snoozed_until is not null`,
        set: sql`snoozed_until = null, read_at = null`,
        toTop: true,
      };
    case "wake":
      // Only the snooze this job was queued for, and only once it is due by the clock.
      return {
        where: sql`snoozed_until = ${opts.until!.toISOString()}::timestamptz and snoozed_until <= ${clock().now().toISOString()}::timestamptz`,
        set: sql`snoozed_until = null, read_at = null`,
        toTop: true,
      };
  }
}

export type ChangeOptions = {
  /** Only rows matching this too (delete-all / archive-all filters, over unqualified columns). */
  filter?: SQL;
  /** The snooze's end (snooze), or the snooze a wake is for. */
  until?: Date;
  /** Runs in the change's transaction with the ids that changed (e.g. to queue a job with them). */
  inTransaction?: (tx: Executor, ids: string[]) => Promise<void>;
};

/**
 * Applies a change to the owner's visible notifications (all of them, or `ids`) and returns the
 * ids that changed: one UPDATE however many rows. Each changed row takes the next values of the
 * owner's change sequence, under the owner's counter lock, so a reconnecting client can replay
 * changes in commit order; a row brought back on top takes the next stream positions too.
 */
export async function changeNotifications(
  db: Db,
  owner: Owner,
  change: Change,
  ids?: string[],
  opts: ChangeOptions = {},
): Promise<string[]> {
  const { where, set, toTop } = changeSetOf(change, opts);
  const idFilter = ids ? sql`and id = any(${sql.param(ids)}::uuid[])` : sql``;
  const extra = opts.filter ? sql`and ${opts.filter}` : sql``;
  const changed = await db.transaction(async (tx) => {
    const counter = rowsOf<{ change_seq: string | number; notification_seq: string | number }>(
      await tx.execute(
        sql`select change_seq, notification_seq from user_counters where user_id = ${owner.userId} for update`,
      ),
    );
    if (counter.length === 0) return [];
    const base = Number(counter[0]!.change_seq);
    const seqBase = Number(counter[0]!.notification_seq);
    const seqSet = toTop ? sql`, seq = ${seqBase} + target.rn` : sql``;
    const updated = rowsOf<{ id: string; change_seq: string | number }>(
      await tx.execute(sql`
        with target as (
          select id, row_number() over (order by seq) as rn from notifications
          where tenant_id = ${owner.tenantId} and user_id = ${owner.userId} and deleted_at is null
            and status ${visibleSql} and ${where} ${idFilter} ${extra}
        )
        update notifications n set ${set}${seqSet}, change_seq = ${base} + target.rn, updated_at = now()
        from target where n.id = target.id
        returning n.id, n.change_seq`),
    );
    if (updated.length > 0) {
      const seqBump = toTop ? sql`, notification_seq = notification_seq + ${updated.length}` : sql``;
      await tx.execute(
        sql`update user_counters set change_seq = change_seq + ${updated.length}${seqBump} where user_id = ${owner.userId}`,
      );
      await opts.inTransaction?.(
        tx,
        updated.map((r) => r.id),
      );
    }
    return updated.map((r) => ({ id: r.id, change_seq: Number(r.change_seq) }));
  });
  const ids_ = changed.map((c) => c.id);
  if (changed.length > 0)
    await publishChanges(
      db,
      owner,
      change === "delete" ? "deleted" : "updated",
      changed,
      change === "delete" ? undefined : change === "wake" ? "unsnooze" : change,
    );
  return ids_;
}

/**
 * Tells live clients (through the bus) what changed for one recipient: the rows' new state, or
 * their removal, with the recipient's unread count. Read after commit, once per change.
 */
export async function publishChanges(
  db: Db,
  owner: Owner,
  kind: "updated" | "deleted" | "recalled",
  changed: Removal[],
  change?: PublishedChange,
): Promise<void> {
  const base = { tenantId: owner.tenantId, userId: owner.userId, notificationIds: changed.map((c) => c.id) };
  const unread = await unreadCount(db, owner);
  if (kind === "updated") {
    const rows = await listByIds(db, owner.tenantId, base.notificationIds);
    bus().publish("notification.updated", {
      ...base,
      notifications: rows.map(notificationJson),
      unreadCount: unread,
      ...(change ? { change } : {}),
    });
  } else {
    bus().publish(kind === "deleted" ? "notification.deleted" : "notification.recalled", {
      ...base,
      removed: changed,
      unreadCount: unread,
    });
  }
  bus().publish("unread.changed", { tenantId: owner.tenantId, userId: owner.userId, count: unread });
}

/** The ids among `ids` that the owner can see (for "not found" counts). */
export async function visibleIds(db: Db, owner: Owner, ids: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(scopeWhere(owner), inArray(notifications.id, ids)));
  return new Set(rows.map((r) => r.id));
}

const grouped = async (db: Db, column: SQL, where: SQL) =>
  Object.fromEntries(
    rowsOf<{ k: string; n: string | number }>(
      await db.execute(
        sql`select ${column} as k, count(*) as n from notifications where ${where} group by 1`,
      ),
    ).map((r) => [r.k, Number(r.n)]),
  );

const countsByKey = z.record(z.string(), z.number().int());

export const userStatsSchema = z
  .object({
    total: z.number().int(),
    unread: z.number().int(),
    read: z.number().int(),
    by_type: countsByKey,
    by_priority: countsByKey,
  })
  .meta({ id: "UserStats", description: "The acting user's own figures" });

/** The recipient's own figures. */
export async function userStats(db: Db, owner: Owner): Promise<z.input<typeof userStatsSchema>> {
  const where = scopeWhere(owner);
  const [[totals], byType, byPriority] = await Promise.all([
    db
      .select({
        total: count(),
        unread: sql<number>`count(*) filter (where ${notifications.readAt} is null)`.mapWith(Number),
      })
      .from(notifications)
      .where(where),
    grouped(db, sql`type`, where),
    grouped(db, sql`priority`, where),
  ]);
  return {
    total: totals!.total,
    unread: totals!.unread,
    read: totals!.total - totals!.unread,
    by_type: byType,
    by_priority: byPriority,
  };
}

export const tenantStatsSchema = z
  .object({
    from: z.iso.datetime({ offset: true }).nullable(),
    to: z.iso.datetime({ offset: true }).nullable(),
    total: z.number().int(),
    unread: z.number().int(),
    read: z.number().int(),
    by_status: countsByKey,
    by_type: countsByKey,
    by_priority: countsByKey,
    by_channel_status: z
      .record(z.string(), countsByKey)
      .meta({ description: "Deliveries per channel, then per delivery status" }),
  })
  .meta({ id: "TenantStats", description: "Tenant-wide figures, optionally within [from, to)" });

/** Tenant-wide figures for the console, optionally within [from, to). */
export async function tenantStats(
  db: Db,
  tenantId: string,
  range: { from?: Date; to?: Date },
): Promise<z.input<typeof tenantStatsSchema>> {
  const conds: SQL[] = [eq(notifications.tenantId, tenantId)];
  if (range.from) conds.push(gte(notifications.createdAt, range.from));
  if (range.to) conds.push(lt(notifications.createdAt, range.to));
  const where = and(...conds)!;
  const live = and(where, isNull(notifications.deletedAt))!;
  const dConds: SQL[] = [eq(deliveries.tenantId, tenantId)];
  if (range.from) dConds.push(gte(deliveries.createdAt, range.from));
  if (range.to) dConds.push(lt(deliveries.createdAt, range.to));
  const [[totals], byStatus, byType, byPriority, channelRows] = await Promise.all([
    db
      .select({
        total: count(),
        unread:
          sql<number>`count(*) filter (where ${notifications.readAt} is null and ${notifications.status} ${visibleSql})`.mapWith(
            Number,
          ),
        read: sql<number>`count(*) filter (where ${notifications.readAt} is not null)`.mapWith(Number),
      })
      .from(notifications)
      .where(live),
    grouped(db, sql`status`, live),
    grouped(db, sql`type`, live),
    grouped(db, sql`priority`, live),
    db
      .select({ channel: deliveries.channel, status: deliveries.status, n: count() })
      .from(deliveries)
      .where(and(...dConds))
      .groupBy(deliveries.channel, deliveries.status)
      .orderBy(asc(deliveries.channel)),
  ]);
  const byChannel: Record<string, Record<string, number>> = {};
  for (const r of channelRows) (byChannel[r.channel] ??= {})[r.status] = r.n;
  return {
    from: range.from?.toISOString() ?? null,
    to: range.to?.toISOString() ?? null,
    total: totals!.total,
    unread: totals!.unread,
    read: totals!.read,
    by_status: byStatus,
    by_type: byType,
    by_priority: byPriority,
    by_channel_status: byChannel,
  };
}

export const batchMarkResultSchema = z
  .object({
    affected: z.number().int(),
    not_found: z.number().int(),
    not_found_ids: z.array(z.uuid()),
  })
  .meta({ id: "BatchMarkResult" });

/** batch-mark: applies one action to up to 1000 of the owner's notifications. */
export async function batchMark(
  db: Db,
  owner: Owner,
  action: BatchMarkAction,
  ids: string[],
): Promise<z.input<typeof batchMarkResultSchema>> {
  const unique = [...new Set(ids)];
  const found = await visibleIds(db, owner, unique);
  const changed = found.size > 0 ? await changeNotifications(db, owner, action, [...found]) : [];
  const notFoundIds = unique.filter((id) => !found.has(id));
  return { affected: changed.length, not_found: notFoundIds.length, not_found_ids: notFoundIds };
}

// Over the unqualified columns of changeNotifications' statement.
const viewColumnsSql: Record<InboxView, SQL | undefined> = {
  inbox: sql`archived_at is null and snoozed_until is null`,
  archived: sql`archived_at is not null`,
  snoozed: sql`snoozed_until is not null`,
  all: undefined,
};

/**
 * delete-all / archive-all: the change applied to every one of the owner's notifications in a view
 * (and of a type or priority), in one statement. Returns how many changed.
 */
export async function changeAll(
  db: Db,
  owner: Owner,
  change: "delete" | "archive",
  input: { view: InboxView; type?: NotificationType; priority?: NotificationPriority },
): Promise<number> {
  const parts: SQL[] = [];
  const view = viewColumnsSql[input.view];
  if (view) parts.push(view);
  if (input.type) parts.push(sql`type = ${input.type}`);
  if (input.priority) parts.push(sql`priority = ${input.priority}`);
  const filter = parts.length > 0 ? sql.join(parts, sql` and `) : undefined;
  return (await changeNotifications(db, owner, change, undefined, { filter })).length;
}
