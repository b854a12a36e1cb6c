// Announcements as the console and services manage them: create, edit, publish (now or at
// publish_at), archive, delete, and expiry. Publishing writes no per-user rows (fan-out on read).
import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { fromDrizzle, type DrizzleTransactionLike } from "pg-boss";
import { audit, type Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import { announcements, users, type AnnouncementAudience } from "../db/schema";
import { bus, type LiveAudience } from "../events";
import { invalid, conflict, notFound } from "../errors";
import { pageOf, pageOffset } from "../http/validation";
import { getQueue } from "../queue/boss";
import { deliveryCountsOf, startFanout, stopFanout } from "./fanout";
import type { AnnouncementCreate, AnnouncementListQuery, AnnouncementUpdate } from "./schema";
import { assertTransition, AWAITING_PUBLISH, sourcesOf } from "./status";
import { isActive, userAnnouncementJson, type AnnouncementRecord, type AnnouncementRow } from "./serialize";

export const ANNOUNCEMENT_QUEUE = "announcement-timer";
export type AnnouncementJob = { tenantId: string; announcementId: string; kind: "publish" | "expire" };

const SYSTEM: Actor = { type: "system", id: null };
const toDate = (v: string | null | undefined) => (v ? new Date(v) : null);
const sameTime = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** The rows with their extra-channel delivery counts (`delivery_progress`): one query for all. */
async function withProgress(
  db: Executor,
  tenantId: string,
  rows: AnnouncementRow[],
): Promise<AnnouncementRecord[]> {
  const counts = await deliveryCountsOf(db, tenantId, rows);
  return rows.map((r) => ({ ...r, deliveryCounts: counts.get(r.id) ?? [] }));
}

/**
 * Queues a publish or expiry at `at` inside the caller's transaction: both commit or neither. A
 * job whose time was changed meanwhile finds the row no longer due and does nothing, so a
 * reschedule just queues another job.
 */
async function enqueueTimer(tx: Executor, job: AnnouncementJob, at: Date): Promise<void> {
  const boss = getQueue();
  if (!boss) throw new Error("The job queue is not running in this process");
  const db = fromDrizzle(tx as unknown as DrizzleTransactionLike, sql);
  await boss.send(ANNOUNCEMENT_QUEUE, job, { startAfter: at, db });
}

/** The audience as live events address it: named users become internal ids, once, here. */
export async function liveAudience(
  db: Executor,
  tenantId: string,
  audience: AnnouncementAudience,
): Promise<LiveAudience> {
  if ("user_ids" in audience) {
    const rows = await db
      .select({ id: users.id })
      .from(users)
      .where(
        and(
          eq(users.tenantId, tenantId),
          sql`${users.externalId} = any(${sql.param(audience.user_ids)}::text[])`,
          isNull(users.deletedAt),
        ),
      );
    return { userIds: rows.map((r) => r.id) };
  }
  if ("roles" in audience) return { roles: audience.roles };
  return { all: true };
}

/** Tells live clients in the audience, after commit. */
async function announce(
  db: Db,
  row: AnnouncementRow,
  kind: "published" | "updated" | "removed",
  previous?: AnnouncementAudience,
): Promise<void> {
  const base = {
    tenantId: row.tenantId,
    announcementId: row.id,
    audience: await liveAudience(db, row.tenantId, row.audience),
  };
  if (kind === "removed") {
    bus().publish("announcement.removed", base);
    return;
  }
  const announcement = userAnnouncementJson(row);
  if (kind === "published") bus().publish("announcement.published", { ...base, announcement });
  else
    bus().publish("announcement.updated", {
      ...base,
      announcement,
      ...(previous ? { previousAudience: await liveAudience(db, row.tenantId, previous) } : {}),
    });
}

const inTenant = (tenantId: string, id: string) =>
  and(eq(announcements.id, id), eq(announcements.tenantId, tenantId), isNull(announcements.deletedAt));

async function lockAnnouncement(tx: Executor, tenantId: string, id: string): Promise<AnnouncementRow> {
  const [row] = await tx.select().from(announcements).where(inTenant(tenantId, id)).for("update").limit(1);
  if (!row) throw notFound("Announcement not found");
  return row;
}

export async function getAnnouncement(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<AnnouncementRecord> {
  const [row] = await db.select().from(announcements).where(inTenant(tenantId, id)).limit(1);
  if (!row) throw notFound("Announcement not found");
  return (await withProgress(db, tenantId, [row]))[0]!;
}

export async function listAnnouncements(db: Db, tenantId: string, q: AnnouncementListQuery) {
  const where = and(
    eq(announcements.tenantId, tenantId),
    isNull(announcements.deletedAt),
    q.status ? eq(announcements.status, q.status) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(announcements)
      .where(where)
      .orderBy(desc(announcements.createdAt), desc(announcements.id))
      .limit(q.page_size)
      .offset(pageOffset(q, "filters")),
    db.select({ n: count() }).from(announcements).where(where),
  ]);
  return { rows: await withProgress(db, tenantId, rows), ...pageOf(total!.n, q.page, q.page_size) };
}

/** A new announcement is a draft; publishing it is a separate, deliberate step. */
export async function createAnnouncement(
  db: Db,
  tenantId: string,
  input: AnnouncementCreate,
  actor: Actor,
): Promise<AnnouncementRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(announcements)
      .values({
        tenantId,
        title: input.title,
        content: input.content,
        type: input.type,
        severity: input.severity,
        audience: input.audience,
        channels: input.channels,
        pinned: input.pinned,
        publishAt: toDate(input.publish_at),
        expiresAt: toDate(input.expires_at),
        createdBy: actor.type === "user" ? actor.id : null,
      })
      .returning();
    await audit(tx, tenantId, actor, "announcement.created", { type: "announcement", id: row!.id });
    return row!;
  });
}

/**
 * Edits any announcement that is not archived. On a scheduled one a new publish_at reschedules it;
 * on a published one the audience learns of the change live (and who left the audience, of its
 * removal), and a new expires_at is honoured.
 */
export async function updateAnnouncement(
  db: Db,
  tenantId: string,
  id: string,
  input: AnnouncementUpdate,
  actor: Actor,
): Promise<AnnouncementRecord> {
  const { before, after } = await db.transaction(async (tx) => {
    const before = await lockAnnouncement(tx, tenantId, id);
    if (before.status === "archived") throw conflict("An archived announcement cannot be changed");
    // The fan-out reads the channels batch by batch: a change mid-way would reach part of the audience.
    if (before.status === "published" && input.channels && !sameSet(input.channels, before.channels))
      throw invalid("Invalid channels", [{ field: "channels", message: "cannot change once published" }]);
    const publishAt = input.publish_at === undefined ? before.publishAt : toDate(input.publish_at);
    const expiresAt = input.expires_at === undefined ? before.expiresAt : toDate(input.expires_at);
    if (before.status === "published" && !sameTime(publishAt, before.publishAt))
      throw invalid("Invalid publish_at", [{ field: "publish_at", message: "cannot change once published" }]);
    if (publishAt && expiresAt && expiresAt <= publishAt)
      throw invalid("Invalid expires_at", [{ field: "expires_at", message: "must be after publish_at" }]);
    const [after] = await tx
      .update(announcements)
      .set({
        title: input.title,
        content: input.content,
        type: input.type,
        severity: input.severity,
        audience: input.audience,
        channels: input.channels,
        pinned: input.pinned,
        publishAt,
        expiresAt,
      })
      .where(eq(announcements.id, id))
      .returning();
    if (before.status === "scheduled" && !sameTime(publishAt, before.publishAt))
      await enqueueTimer(tx, { tenantId, announcementId: id, kind: "publish" }, publishAt ?? new Date());
    if (before.status === "published" && expiresAt && !sameTime(expiresAt, before.expiresAt))
      await enqueueTimer(tx, { tenantId, announcementId: id, kind: "expire" }, expiresAt);
    await audit(
      tx,
      tenantId,
      actor,
      "announcement.updated",
      { type: "announcement", id },
      { fields: Object.keys(input) },
    );
    return { before, after: after! };
  });
  const wasActive = isActive(before);
  const nowActive = isActive(after);
  if (wasActive && !nowActive) await announce(db, before, "removed");
  else if (!wasActive && nowActive) await announce(db, after, "published");
  else if (nowActive) {
    const audienceChanged = JSON.stringify(before.audience) !== JSON.stringify(after.audience);
    await announce(db, after, "updated", audienceChanged ? before.audience : undefined);
  }
  return (await withProgress(db, tenantId, [after]))[0]!;
}

/**
 * draft → published now, or → scheduled when publish_at is in the future (a job publishes it
 * then); scheduled → published now. Publishing a published one again changes nothing.
 */
export async function publishAnnouncement(
  db: Db,
  tenantId: string,
  id: string,
  actor: Actor,
): Promise<AnnouncementRecord> {
  const { row, published } = await db.transaction(async (tx) => {
    const before = await lockAnnouncement(tx, tenantId, id);
    if (before.status === "published") return { row: before, published: false };
    if (before.status === "archived") throw conflict("An archived announcement cannot be published");
    const now = new Date();
    if (before.expiresAt && before.expiresAt <= now)
      throw invalid("Invalid expires_at", [
        { field: "expires_at", message: "is in the past: change it before publishing" },
      ]);
    if (before.status === "draft" && before.publishAt && before.publishAt > now) {
      const to = "scheduled";
      assertTransition(before.status, to);
      const [row] = await tx
        .update(announcements)
        .set({ status: to })
        .where(eq(announcements.id, id))
        .returning();
      await enqueueTimer(tx, { tenantId, announcementId: id, kind: "publish" }, before.publishAt);
      await audit(tx, tenantId, actor, "announcement.scheduled", { type: "announcement", id });
      return { row: row!, published: false };
    }
    const row = await markPublished(tx, tenantId, id);
    await audit(tx, tenantId, actor, "announcement.published", { type: "announcement", id });
    return { row: row!, published: true };
  });
  if (published) await announce(db, row, "published");
  return (await withProgress(db, tenantId, [row]))[0]!;
}

/**
 * The one row update of a publish (whatever the audience size), plus its expiry job and the first
 * batch of its extra channels' fan-out.
 */
async function markPublished(tx: Executor, tenantId: string, id: string, dueOnly = false) {
  const to = "published";
  const [row] = await tx
    .update(announcements)
    .set({ status: to, publishedAt: sql`now()` })
    .where(
      and(
        inTenant(tenantId, id),
        inArray(announcements.status, dueOnly ? [AWAITING_PUBLISH] : sourcesOf(to)),
        dueOnly
          ? sql`(${announcements.publishAt} is null or ${announcements.publishAt} <= now())`
          : undefined,
      ),
    )
    .returning();
  if (!row) return undefined;
  if (row.expiresAt) await enqueueTimer(tx, { tenantId, announcementId: id, kind: "expire" }, row.expiresAt);
  return startFanout(tx, row);
}

/** Takes it down for everyone; archiving twice is not an error. */
export async function archiveAnnouncement(
  db: Db,
  tenantId: string,
  id: string,
  actor: Actor,
): Promise<AnnouncementRecord> {
  const { before, after } = await db.transaction(async (tx) => {
    const before = await lockAnnouncement(tx, tenantId, id);
    const to = "archived";
    if (before.status === to) return { before, after: before };
    assertTransition(before.status, to);
    const [after] = await tx
      .update(announcements)
      .set({ status: to, archivedAt: sql`now()`, ...stopFanout })
      .where(eq(announcements.id, id))
      .returning();
    await audit(tx, tenantId, actor, "announcement.archived", { type: "announcement", id });
    return { before, after: after! };
  });
  if (isActive(before)) await announce(db, before, "removed");
  return (await withProgress(db, tenantId, [after]))[0]!;
}

/** Soft delete, in any status; read receipts stay (they reference the row). */
export async function deleteAnnouncement(db: Db, tenantId: string, id: string, actor: Actor): Promise<void> {
  const before = await db.transaction(async (tx) => {
    const before = await lockAnnouncement(tx, tenantId, id);
    await tx
      .update(announcements)
      .set({ deletedAt: sql`now()`, ...stopFanout })
      .where(eq(announcements.id, id));
    await audit(tx, tenantId, actor, "announcement.deleted", { type: "announcement", id });
    return before;
  });
  if (isActive(before)) await announce(db, before, "removed");
}

/**
 * A timer job: publishes a scheduled announcement that is due, or tells live clients that an
 * announcement expired. Active lists and counts filter on expires_at themselves; the job only
 * makes the removal live.
 */
export async function runAnnouncementJob(
  db: Db,
  job: AnnouncementJob,
): Promise<"published" | "expired" | "skipped"> {
  if (job.kind === "publish") {
    const row = await db.transaction(async (tx) => {
      const row = await markPublished(tx, job.tenantId, job.announcementId, true);
      if (row)
        await audit(tx, job.tenantId, SYSTEM, "announcement.published", { type: "announcement", id: row.id });
      return row;
    });
    if (!row) return "skipped";
    if (isActive(row)) await announce(db, row, "published");
    return "published";
  }
  const [row] = await db
    .select()
    .from(announcements)
    .where(
      and(
        inTenant(job.tenantId, job.announcementId),
        sql`${announcements.status} = 'published' and ${announcements.expiresAt} <= now()`,
      ),
    )
    .limit(1);
  if (!row) return "skipped";
  await announce(db, row, "removed");
  return "expired";
}
