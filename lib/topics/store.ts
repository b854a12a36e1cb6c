// Topics and their subscribers: every query is scoped to the tenant, so another tenant's topic is 404.
import { and, asc, count, eq, gt, ilike, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import { rowsOf, type Db, type Executor } from "../db/client";
import { topics, topicSubscribers, users } from "../db/schema";
import { conflict, invalid, notFound } from "../errors";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { pageOffset } from "../http/validation";
import { getUser } from "../users/service";
import { ensureUsers, type User } from "../users/store";
import type { SubscriberListQuery, TopicListQuery } from "./schema";
import type { Topic } from "./serialize";

const byKey = (tenantId: string, key: string) => and(eq(topics.tenantId, tenantId), eq(topics.key, key));

export async function getTopic(db: Executor, tenantId: string, key: string): Promise<Topic> {
  const [row] = await db.select().from(topics).where(byKey(tenantId, key)).limit(1);
  if (!row) throw notFound(`Topic not found: ${key}`);
  return row;
}

/**
 * Creates the topic, or renames it when the key exists (`created` tells which). Saving the name it
 * already has changes nothing and writes no audit row.
 */
export async function saveTopic(
  db: Db,
  tenantId: string,
  key: string,
  name: string,
  actor: Actor,
): Promise<{ topic: Topic; created: boolean }> {
  // Twice at most: a topic deleted between the insert's conflict and the lock is then created.
  for (let attempt = 0; ; attempt++) {
    const saved = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(topics)
        .values({ tenantId, key, name })
        .onConflictDoNothing({ target: [topics.tenantId, topics.key] })
        .returning();
      if (created) {
        await audit(tx, tenantId, actor, "topic.created", { type: "topic", id: created.id }, { key, name });
        return { topic: created, created: true };
      }
      const [current] = await tx.select().from(topics).where(byKey(tenantId, key)).for("update");
      if (!current) return null;
      if (current.name === name) return { topic: current, created: false };
      const [renamed] = await tx
        .update(topics)
        .set({ name, updatedAt: new Date() })
        .where(eq(topics.id, current.id))
        .returning();
      await audit(
        tx,
        tenantId,
        actor,
        "topic.renamed",
        { type: "topic", id: current.id },
        { key, from: current.name, to: name },
      );
      return { topic: renamed!, created: false };
    });
    if (saved) return saved;
    if (attempt > 0) throw conflict("Topic was changed concurrently; try again");
  }
}

export async function listTopics(
  db: Db,
  tenantId: string,
  q: TopicListQuery,
): Promise<{ rows: Topic[]; total: number }> {
  const pattern = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    eq(topics.tenantId, tenantId),
    pattern ? or(ilike(topics.key, pattern), ilike(topics.name, pattern)) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(topics)
      .where(where)
      .orderBy(asc(topics.key))
      .limit(q.page_size)
      .offset(pageOffset(q, "filters")),
    db.select({ n: count() }).from(topics).where(where),
  ]);
  return { rows, total: total!.n };
}

/** Deletes the topic; its subscriptions go with it (foreign-key cascade). */
export async function deleteTopic(db: Db, tenantId: string, key: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(topics)
      .where(byKey(tenantId, key))
      .returning({ id: topics.id, name: topics.name });
    if (!row) throw notFound("Topic not found");
    await audit(tx, tenantId, actor, "topic.deleted", { type: "topic", id: row.id }, { key, name: row.name });
  });
}

/** At most this many deleted users are named in a refusal: the count says the rest. */
const LISTED_REFUSALS = 100;

/**
 * Subscribes users by their user_id, set-based: unknown ids become users (as a send creates them);
 * deleted users are refused (400 naming each `user_ids.<index>`) and then nothing is written.
 * Naming someone subscribed already is not an error: they count in `already`.
 */
export async function addSubscribers(
  db: Db,
  tenantId: string,
  key: string,
  externalIds: string[],
  actor: Actor,
): Promise<{ added: number; already: number }> {
  const unique = [...new Set(externalIds)];
  return db.transaction(async (tx) => {
    // Key-share lock: a concurrent delete of the topic waits for this call (and then removes what it
    // added) instead of failing its foreign-key check.
    const [topic] = await tx
      .select({ id: topics.id })
      .from(topics)
      .where(byKey(tenantId, key))
      .for("key share");
    if (!topic) throw notFound("Topic not found");
    await refuseDeletedUsers(tx, tenantId, externalIds);
    const internalIds = [...(await ensureUsers(tx, tenantId, unique)).values()];
    // One statement for any number of ids (one array parameter). The users are key-share locked in
    // id order: a user deleted meanwhile is re-checked after their delete commits and left out, so
    // no subscription outlives its user (deleteUser removes the ones it can see).
    const result = await tx.execute(sql`
      with live as (
        select u.id from users u
        where u.id = any(${sql.param(internalIds)}::uuid[]) and u.tenant_id = ${tenantId}::uuid
          and u.deleted_at is null
        order by u.id
        for key share
      ),
      added as (
        insert into topic_subscribers (topic_id, user_id, tenant_id)
        select ${topic.id}::uuid, id, ${tenantId}::uuid from live order by id
        on conflict (topic_id, user_id) do nothing
        returning 1
      )
      select (select count(*) from live)::int as live, (select count(*) from added)::int as added`);
    const [counts] = rowsOf<{ live: number; added: number }>(result);
    const added = Number(counts!.added);
    const already = Number(counts!.live) - added;
    await audit(
      tx,
      tenantId,
      actor,
      "topic.subscribers_added",
      { type: "topic", id: topic.id },
      { key, added, already },
    );
    return { added, already };
  });
}

async function refuseDeletedUsers(tx: Executor, tenantId: string, externalIds: string[]): Promise<void> {
  const deleted = new Set(
    rowsOf<{ external_id: string }>(
      await tx.execute(sql`
        select external_id from users
        where tenant_id = ${tenantId}::uuid and external_id = any(${sql.param(externalIds)}::text[])
          and deleted_at is not null`),
    ).map((r) => r.external_id),
  );
  if (deleted.size === 0) return;
  const errors = externalIds
    .map((id, index) => ({ id, index }))
    .filter((e) => deleted.has(e.id))
    .slice(0, LISTED_REFUSALS)
    .map((e) => ({
      field: `user_ids.${e.index}`,
      message: "is a deleted user: restore it with POST /api/v1/users/:id/restore first",
    }));
  throw invalid(`Invalid user_ids: ${deleted.size} deleted user(s)`, errors);
}

/** Unsubscribes users by their user_id; ids that are unknown or not subscribed count nothing. */
export async function removeSubscribers(
  db: Db,
  tenantId: string,
  key: string,
  externalIds: string[],
  actor: Actor,
): Promise<{ removed: number }> {
  const unique = [...new Set(externalIds)];
  return db.transaction(async (tx) => {
    const topic = await getTopic(tx, tenantId, key);
    const result = await tx.execute(sql`
      with removed as (
        delete from topic_subscribers s
        using users u
        where s.topic_id = ${topic.id}::uuid and s.tenant_id = ${tenantId}::uuid
          and u.id = s.user_id and u.tenant_id = ${tenantId}::uuid
          and u.external_id = any(${sql.param(unique)}::text[])
        returning 1
      )
      select count(*)::int as removed from removed`);
    const removed = Number(rowsOf<{ removed: number }>(result)[0]!.removed);
    await audit(
      tx,
      tenantId,
      actor,
      "topic.subscribers_removed",
      { type: "topic", id: topic.id },
      { key, removed },
    );
    return { removed };
  });
}

const subscriberCursor = z.object({ u: z.uuid() });

/** A page of the topic's subscribers as user rows, in user id order (the fan-out's order too). */
export async function listSubscribers(
  db: Db,
  tenantId: string,
  key: string,
  q: SubscriberListQuery,
): Promise<{ users: User[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(subscriberCursor, q.cursor).u : null;
  const topic = await getTopic(db, tenantId, key);
  const rows = await db
    .select({ user: users })
    .from(topicSubscribers)
    .innerJoin(users, and(eq(users.id, topicSubscribers.userId), eq(users.tenantId, tenantId)))
    .where(
      and(
        eq(topicSubscribers.tenantId, tenantId),
        eq(topicSubscribers.topicId, topic.id),
        isNull(users.deletedAt),
        after ? gt(topicSubscribers.userId, after) : undefined,
      ),
    )
    .orderBy(asc(topicSubscribers.userId))
    .limit(q.page_size + 1);
  const page = rows.slice(0, q.page_size).map((r) => r.user);
  const last = page[page.length - 1];
  return {
    users: page,
    nextCursor: rows.length > q.page_size && last ? encodeCursor({ u: last.id }) : null,
  };
}

/**
 * For the workflow engine's fan-out: up to `limit` subscribers' internal user ids after
 * `afterUserId` (null: from the start), in user id order. The last id returned is the cursor to
 * resume from; an empty page means the fan-out is done (or the topic was deleted meanwhile).
 */
export async function subscriberPage(
  db: Executor,
  tenantId: string,
  topicId: string,
  afterUserId: string | null,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .select({ userId: topicSubscribers.userId })
    .from(topicSubscribers)
    .where(
      and(
        eq(topicSubscribers.tenantId, tenantId),
        eq(topicSubscribers.topicId, topicId),
        afterUserId ? gt(topicSubscribers.userId, afterUserId) : undefined,
      ),
    )
    .orderBy(asc(topicSubscribers.userId))
    .limit(limit);
  return rows.map((r) => r.userId);
}

/** The topics a live user (by user_id) is subscribed to, by key; an unknown or deleted user is 404. */
export async function listUserTopics(
  db: Db,
  tenantId: string,
  externalId: string,
  q: { page: number; page_size: number },
): Promise<{ rows: Topic[]; total: number }> {
  const user = await getUser(db, tenantId, externalId);
  const where = and(eq(topicSubscribers.tenantId, tenantId), eq(topicSubscribers.userId, user.id));
  const [rows, [total]] = await Promise.all([
    db
      .select({ topic: topics })
      .from(topicSubscribers)
      .innerJoin(topics, and(eq(topics.id, topicSubscribers.topicId), eq(topics.tenantId, tenantId)))
      .where(where)
      .orderBy(asc(topics.key))
      .limit(q.page_size)
      .offset(pageOffset(q, "filters")),
    db.select({ n: count() }).from(topicSubscribers).where(where),
  ]);
  return { rows: rows.map((r) => r.topic), total: total!.n };
}
