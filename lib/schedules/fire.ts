// Firing schedules: the `workflow-schedules` job finds due slots and triggers the workflow for their
// recipients through triggerWorkflow, the same path as the API.
//
// Once per occurrence: a slot is locked (FOR UPDATE SKIP LOCKED), fired and advanced in one
// transaction, so a second sweeper skips it while it is locked and finds it no longer due after.
// A long outage fires the latest missed occurrence once, then the next one after now.
//
// Time zones are resolved when the schedule is saved (the slots) and again when a slot fires: a
// recipient whose zone changed meanwhile is not fired by the old zone's slot but moved to the slot of
// their new zone. Every slot remembers the local time its recipients last got (`last_local`), and a
// slot they move to (or a rebuild after a change) fires them only at a later local time: nobody gets
// one day's 09:00 twice; the occurrence of the day they move can be skipped.
import { and, eq, sql } from "drizzle-orm";
import { clock } from "../clock";
import { rowsOf, type Db, type Executor } from "../db/client";
import { workflowSchedules } from "../db/schema";
import { DomainError } from "../errors";
import { logger } from "../log";
import { triggerWorkflow } from "../workflows/trigger";
import { latestOccurrence, localLabel, nextOccurrence, scheduleRule } from "./occurrences";
import type { ScheduleRow } from "./serialize";
import { byZone, findLiveWorkflowKey, nextFireOf, recipientZones } from "./store";

export const SCHEDULES_QUEUE = "workflow-schedules";
/** The sweep's cadence: as the workflow sweeper's, every minute. */
export const SCHEDULES_CRON = "* * * * *";

const SYSTEM = { type: "system", id: null } as const;

type DueSlot = {
  id: string;
  schedule_id: string;
  tenant_id: string;
  zone: string;
  user_ids: string[];
  last_local: string | null;
};
export type SweepResult = { fired: number; runs: number; failed: number };

async function lockDueSlot(tx: Executor, now: Date, skip: string[]): Promise<DueSlot | null> {
  // The schedule is share-locked too: a pause, change or delete waits for the firing to commit.
  const [slot] = rowsOf<DueSlot>(
    await tx.execute(sql`
      select sl.id, sl.schedule_id, sl.tenant_id, sl.zone, sl.user_ids, sl.last_local
      from workflow_schedule_slots sl
      join workflow_schedules s on s.id = sl.schedule_id and s.tenant_id = sl.tenant_id
      where sl.next_fire_at <= ${now.toISOString()}::timestamptz and s.status = 'active'
        and not (sl.id = any(${sql.param(skip)}::uuid[]))
      order by sl.next_fire_at
      limit 1
      for update of sl skip locked
      for share of s skip locked`),
  );
  return slot ?? null;
}

async function loadSchedule(tx: Executor, slot: DueSlot): Promise<ScheduleRow> {
  const [row] = await tx
    .select()
    .from(workflowSchedules)
    .where(and(eq(workflowSchedules.tenantId, slot.tenant_id), eq(workflowSchedules.id, slot.schedule_id)));
  return row!;
}

async function externalIds(tx: Executor, tenantId: string, userIds: string[]): Promise<string[]> {
  return rowsOf<{ external_id: string }>(
    await tx.execute(sql`
      select external_id from users
      where tenant_id = ${tenantId}::uuid and id = any(${sql.param(userIds)}::uuid[]) and deleted_at is null
      order by external_id`),
  ).map((r) => r.external_id);
}

/** Fires one due slot and advances it; null when none is due (or every due one is taken). */
async function fireSlot(
  tx: Db,
  now: Date,
  skip: string[],
  locked: (slotId: string) => void,
): Promise<{ runs: number } | null> {
  const slot = await lockDueSlot(tx, now, skip);
  if (!slot) return null;
  locked(slot.id);
  const log = logger().child({ part: "schedules", scheduleId: slot.schedule_id, zone: slot.zone });
  const schedule = await loadSchedule(tx, slot);
  const rule = scheduleRule(schedule.repeat, schedule.createdAt, now);
  const zones = await recipientZones(tx, schedule.tenantId, slot.user_ids, schedule.repeat.timezone);
  // A deleted recipient keeps their place (nothing is triggered for them): restored, they get it again.
  const stay = slot.user_ids.filter((id) => (zones.get(id) ?? slot.zone) === slot.zone);
  let runs = 0;
  const key = await findLiveWorkflowKey(tx, schedule.tenantId, schedule.workflowId);
  if (!key) log.warn("schedule's workflow was deleted: nothing fired");
  else {
    const to = await externalIds(tx, schedule.tenantId, stay);
    if (to.length > 0)
      try {
        // A savepoint: a refused trigger (inactive workflow, payload a new version needs) skips this
        // occurrence and the slot still advances.
        const input = { to, payload: schedule.payload, exclude_actor: false };
        const trigger = { tenantId: schedule.tenantId, actor: SYSTEM };
        const result = await tx.transaction((sp) => triggerWorkflow(sp, trigger, key, input));
        runs = result.run_ids?.length ?? 0;
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        log.warn({ err: err.message, code: err.code }, "schedule occurrence not triggered");
      }
  }
  if (stay.length === 0)
    await tx.execute(
      sql`delete from workflow_schedule_slots where id = ${slot.id}::uuid and tenant_id = ${slot.tenant_id}::uuid`,
    );
  else {
    const next = nextOccurrence(rule, slot.zone, now);
    const occurrence = latestOccurrence(rule, slot.zone, now);
    const fired = occurrence ? localLabel(occurrence, slot.zone) : slot.last_local;
    await tx.execute(sql`
      update workflow_schedule_slots
      set user_ids = ${sql.param(stay)}::uuid[], next_fire_at = ${next?.toISOString() ?? null}::timestamptz,
        last_fired_at = ${now.toISOString()}::timestamptz, last_local = ${fired}
      where id = ${slot.id}::uuid and tenant_id = ${slot.tenant_id}::uuid`);
  }
  const moved = new Map([...zones].filter(([, zone]) => zone !== slot.zone));
  for (const [zone, userIds] of byZone(moved)) {
    // Not fired by this occurrence: they keep the local time they last got one at.
    const next = nextFireOf(schedule, zone, now, slot.last_local);
    await tx.execute(sql`
      insert into workflow_schedule_slots (tenant_id, schedule_id, zone, user_ids, next_fire_at, last_local)
      values (${schedule.tenantId}::uuid, ${schedule.id}::uuid, ${zone}, ${sql.param(userIds)}::uuid[],
        ${next?.toISOString() ?? null}::timestamptz, ${slot.last_local})
      on conflict (schedule_id, zone) do update
      set user_ids = (select array_agg(distinct u) from unnest(workflow_schedule_slots.user_ids || excluded.user_ids) u),
        last_local = greatest(workflow_schedule_slots.last_local, excluded.last_local)`);
  }
  if (moved.size > 0) log.info({ moved: moved.size }, "recipients moved to their new time zone");
  return { runs };
}

/**
 * Fires every slot due by `now` (the movable clock), each in its own transaction, at most `limit`
 * of them. A slot that fails unexpectedly is logged and left due for the next sweep; the others go on.
 */
export async function runDueSchedules(db: Db, now: Date = clock().now(), limit = 500): Promise<SweepResult> {
  const result: SweepResult = { fired: 0, runs: 0, failed: 0 };
  const skip: string[] = [];
  while (result.fired + result.failed < limit) {
    let slotId: string | null = null;
    try {
      const outcome = await db.transaction((tx) => fireSlot(tx, now, skip, (id) => (slotId = id)));
      if (!outcome) break;
      result.fired++;
      result.runs += outcome.runs;
    } catch (err) {
      logger().error({ err, slotId }, "schedule slot failed to fire");
      result.failed++;
      if (!slotId) break;
      skip.push(slotId);
    }
  }
  return result;
}
