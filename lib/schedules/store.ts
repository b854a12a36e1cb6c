// Schedules per tenant: create, list, read, change, pause, resume, delete. Every query is scoped to
// the tenant, so another tenant's schedule is 404. Saving resolves the recipients' time zones into
// slots (one per zone) with each slot's next fire time.
import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { audit, type Actor } from "../audit";
import { clock } from "../clock";
import { rowsOf, type Db, type Executor } from "../db/client";
import { workflows, workflowSchedules, workflowScheduleSlots } from "../db/schema";
import { invalid, notFound, tooLarge } from "../errors";
import { isTimeZone, pageOffset } from "../http/validation";
import { loadPreferences } from "../preferences/store";
import { ensureUsers } from "../users/store";
import { checkPayload, MAX_PAYLOAD_BYTES } from "../workflows/trigger";
import { getWorkflow } from "../workflows/store";
import { nextOccurrence, scheduleRule } from "./occurrences";
import {
  RECIPIENT_ZONE,
  type ScheduleCreateInput,
  type ScheduleListQuery,
  type ScheduleUpdateInput,
} from "./schema";
import type { ScheduleRecord, ScheduleRow, ScheduleSlotRow } from "./serialize";

const byId = (tenantId: string, id: string) =>
  and(eq(workflowSchedules.tenantId, tenantId), eq(workflowSchedules.id, id));
const target = (id: string) => ({ type: "schedule", id });

/** The live workflow a schedule names, checked against the payload as a trigger checks it. */
async function checkWorkflow(
  db: Executor,
  tenantId: string,
  key: string,
  payload: Record<string, unknown>,
): Promise<{ id: string; key: string }> {
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES)
    throw tooLarge(`payload is over ${MAX_PAYLOAD_BYTES / 1024} KB`);
  const { workflow, current } = await getWorkflow(db, tenantId, key);
  await checkPayload(db, tenantId, current.definition.steps, payload);
  return { id: workflow.id, key: workflow.key };
}

/**
 * Each live recipient's zone: the schedule's own zone, or with "recipient" their preferences' zone,
 * else their profile's, else UTC (a zone the runtime does not know counts as UTC).
 */
export async function recipientZones(
  db: Executor,
  tenantId: string,
  userIds: readonly string[],
  repeatZone: string,
): Promise<Map<string, string>> {
  const live = rowsOf<{ id: string }>(
    await db.execute(sql`
      select id from users
      where tenant_id = ${tenantId}::uuid and id = any(${sql.param([...userIds])}::uuid[]) and deleted_at is null`),
  ).map((r) => r.id);
  if (repeatZone !== RECIPIENT_ZONE) return new Map(live.map((id) => [id, repeatZone]));
  const prefs = await loadPreferences(db, tenantId, live);
  return new Map(
    live.map((id) => {
      const zone = prefs.get(id)?.timezone;
      return [id, zone && isTimeZone(zone) ? zone : "UTC"];
    }),
  );
}

/** The recipients grouped by zone. */
export function byZone(zones: Map<string, string>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [userId, zone] of zones) groups.set(zone, [...(groups.get(zone) ?? []), userId]);
  return groups;
}

/**
 * The slot's next fire time after `now` (and after the local time `notUpTo` its recipients last got
 * one at), or null while paused or when the rule has no later time.
 */
export function nextFireOf(
  schedule: Pick<ScheduleRow, "repeat" | "createdAt" | "status">,
  zone: string,
  now: Date,
  notUpTo?: string | null,
) {
  if (schedule.status !== "active") return null;
  return nextOccurrence(scheduleRule(schedule.repeat, schedule.createdAt, now), zone, now, notUpTo);
}

/** The latest local time any of `userIds` last got an occurrence at, by their current slots. */
export function lastLocalOf(slots: Pick<ScheduleSlotRow, "userIds" | "lastLocal">[], userIds: string[]) {
  const ids = new Set(userIds);
  let latest: string | null = null;
  for (const slot of slots)
    if (slot.lastLocal && (!latest || slot.lastLocal > latest) && slot.userIds.some((id) => ids.has(id)))
      latest = slot.lastLocal;
  return latest;
}

/**
 * Replaces the schedule's slots with one per zone among `to` (created as users when unknown, as a
 * trigger does). An active rule with no occurrence left is a 400: the schedule would never fire.
 */
async function writeSlots(
  tx: Executor,
  schedule: ScheduleRow,
  to: string[],
  now: Date,
): Promise<ScheduleSlotRow[]> {
  const ids = await ensureUsers(tx, schedule.tenantId, to);
  const zones = await recipientZones(tx, schedule.tenantId, [...ids.values()], schedule.repeat.timezone);
  const before = await tx
    .delete(workflowScheduleSlots)
    .where(
      and(
        eq(workflowScheduleSlots.tenantId, schedule.tenantId),
        eq(workflowScheduleSlots.scheduleId, schedule.id),
      ),
    )
    .returning();
  const values = [...byZone(zones)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([zone, userIds]) => ({
      tenantId: schedule.tenantId,
      scheduleId: schedule.id,
      zone,
      userIds,
      // Recipients keep the local time they last got an occurrence at, whichever zone it was in.
      lastLocal: lastLocalOf(before, userIds),
      nextFireAt: nextFireOf(schedule, zone, now, lastLocalOf(before, userIds)),
    }));
  if (schedule.status === "active" && values.length > 0 && values.every((v) => v.nextFireAt === null)) {
    const field = "rrule" in schedule.repeat ? "repeat.rrule" : "repeat";
    throw invalid(`Invalid repeat`, [{ field, message: "has no occurrence after now: it would never fire" }]);
  }
  if (values.length === 0) return [];
  return tx.insert(workflowScheduleSlots).values(values).returning();
}

async function slotsOf(db: Executor, tenantId: string, scheduleIds: string[]): Promise<ScheduleSlotRow[]> {
  if (scheduleIds.length === 0) return [];
  return db
    .select()
    .from(workflowScheduleSlots)
    .where(
      and(
        eq(workflowScheduleSlots.tenantId, tenantId),
        inArray(workflowScheduleSlots.scheduleId, scheduleIds),
      ),
    )
    .orderBy(workflowScheduleSlots.zone);
}

export async function createSchedule(
  db: Db,
  tenantId: string,
  input: ScheduleCreateInput,
  actor: Actor,
): Promise<ScheduleRecord> {
  const now = clock().now();
  return db.transaction(async (tx) => {
    const workflow = await checkWorkflow(tx, tenantId, input.workflow, input.payload);
    const [schedule] = await tx
      .insert(workflowSchedules)
      .values({
        tenantId,
        workflowId: workflow.id,
        name: input.name,
        recipients: { user_ids: [...new Set(input.to)] },
        payload: input.payload,
        repeat: input.repeat,
        status: "active",
        // The movable clock: an RRULE's INTERVAL and COUNT count from this day.
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    const slots = await writeSlots(tx, schedule!, schedule!.recipients.user_ids, now);
    await audit(tx, tenantId, actor, "schedule.created", target(schedule!.id), {
      name: input.name,
      workflow: workflow.key,
      recipients: schedule!.recipients.user_ids.length,
      zones: slots.length,
    });
    return { schedule: schedule!, workflowKey: workflow.key, slots };
  });
}

export async function listSchedules(
  db: Db,
  tenantId: string,
  q: ScheduleListQuery,
): Promise<{ rows: ScheduleRecord[]; total: number }> {
  const where = and(
    eq(workflowSchedules.tenantId, tenantId),
    q.status ? eq(workflowSchedules.status, q.status) : undefined,
    q.workflow ? eq(workflows.key, q.workflow) : undefined,
  );
  const joined = and(eq(workflows.id, workflowSchedules.workflowId), eq(workflows.tenantId, tenantId));
  const [rows, [total]] = await Promise.all([
    db
      .select({ schedule: workflowSchedules, workflowKey: workflows.key })
      .from(workflowSchedules)
      .innerJoin(workflows, joined)
      .where(where)
      .orderBy(desc(workflowSchedules.createdAt), desc(workflowSchedules.id))
      .limit(q.page_size)
      .offset(pageOffset(q, "filters")),
    db.select({ n: count() }).from(workflowSchedules).innerJoin(workflows, joined).where(where),
  ]);
  const slots = await slotsOf(
    db,
    tenantId,
    rows.map((r) => r.schedule.id),
  );
  return {
    rows: rows.map((r) => ({ ...r, slots: slots.filter((s) => s.scheduleId === r.schedule.id) })),
    total: total?.n ?? 0,
  };
}

async function findRow(db: Executor, tenantId: string, id: string, lock: boolean) {
  const query = db
    .select({ schedule: workflowSchedules, workflowKey: workflows.key })
    .from(workflowSchedules)
    .innerJoin(
      workflows,
      and(eq(workflows.id, workflowSchedules.workflowId), eq(workflows.tenantId, tenantId)),
    )
    .where(byId(tenantId, id))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: workflowSchedules }) : await query;
  if (!row) throw notFound("Schedule not found");
  return row;
}

/** The schedule with its slots; another tenant's is 404. */
export async function getSchedule(db: Executor, tenantId: string, id: string): Promise<ScheduleRecord> {
  const row = await findRow(db, tenantId, id, false);
  return { ...row, slots: await slotsOf(db, tenantId, [id]) };
}

/**
 * Partial: omitted fields stay. A new `to` or `repeat` rebuilds the slots from now (an occurrence
 * already fired today is not fired again unless the new rule has a later one); a new `workflow` or
 * `payload` is checked as a trigger would check it.
 */
export async function updateSchedule(
  db: Db,
  tenantId: string,
  id: string,
  input: ScheduleUpdateInput,
  actor: Actor,
): Promise<ScheduleRecord> {
  const now = clock().now();
  return db.transaction(async (tx) => {
    const before = await findRow(tx, tenantId, id, true);
    const payload = input.payload ?? before.schedule.payload;
    const workflow =
      input.workflow !== undefined || input.payload !== undefined
        ? await checkWorkflow(tx, tenantId, input.workflow ?? before.workflowKey, payload)
        : { id: before.schedule.workflowId, key: before.workflowKey };
    const [schedule] = await tx
      .update(workflowSchedules)
      .set({
        workflowId: workflow.id,
        name: input.name ?? before.schedule.name,
        recipients: input.to ? { user_ids: [...new Set(input.to)] } : before.schedule.recipients,
        payload,
        repeat: input.repeat ?? before.schedule.repeat,
        updatedAt: now,
      })
      .where(byId(tenantId, id))
      .returning();
    const slots =
      input.to !== undefined || input.repeat !== undefined
        ? await writeSlots(tx, schedule!, schedule!.recipients.user_ids, now)
        : await slotsOf(tx, tenantId, [id]);
    await audit(tx, tenantId, actor, "schedule.updated", target(id), {
      name: schedule!.name,
      workflow: workflow.key,
      fields: Object.keys(input),
    });
    return { schedule: schedule!, workflowKey: workflow.key, slots };
  });
}

/** Pausing clears every slot's next fire time; resuming computes each from now (no burst of missed ones). */
export async function setScheduleStatus(
  db: Db,
  tenantId: string,
  id: string,
  status: "active" | "paused",
  actor: Actor,
): Promise<ScheduleRecord> {
  const now = clock().now();
  return db.transaction(async (tx) => {
    const before = await findRow(tx, tenantId, id, true);
    if (before.schedule.status === status) return { ...before, slots: await slotsOf(tx, tenantId, [id]) };
    const [schedule] = await tx
      .update(workflowSchedules)
      .set({ status, updatedAt: now })
      .where(byId(tenantId, id))
      .returning();
    for (const slot of await slotsOf(tx, tenantId, [id]))
      await tx
        .update(workflowScheduleSlots)
        .set({ nextFireAt: nextFireOf(schedule!, slot.zone, now, slot.lastLocal) })
        .where(and(eq(workflowScheduleSlots.tenantId, tenantId), eq(workflowScheduleSlots.id, slot.id)));
    await audit(
      tx,
      tenantId,
      actor,
      status === "paused" ? "schedule.paused" : "schedule.resumed",
      target(id),
      {
        name: schedule!.name,
      },
    );
    return { schedule: schedule!, workflowKey: before.workflowKey, slots: await slotsOf(tx, tenantId, [id]) };
  });
}

/** Deletes the schedule and its slots: nothing more fires. */
export async function deleteSchedule(db: Db, tenantId: string, id: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(workflowSchedules)
      .where(byId(tenantId, id))
      .returning({ id: workflowSchedules.id, name: workflowSchedules.name });
    if (!row) throw notFound("Schedule not found");
    await audit(tx, tenantId, actor, "schedule.deleted", target(id), { name: row.name });
  });
}

/** The key of the schedule's workflow while it is live; null once it was deleted (its key may be reused). */
export async function findLiveWorkflowKey(
  db: Executor,
  tenantId: string,
  workflowId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ key: workflows.key })
    .from(workflows)
    .where(and(eq(workflows.tenantId, tenantId), eq(workflows.id, workflowId), isNull(workflows.deletedAt)))
    .limit(1);
  return row?.key ?? null;
}
