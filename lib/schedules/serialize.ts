// The JSON shapes of schedules, with the schemas the API documents them by; the next fire times are
// computed here from the slots, shown in the zone the caller asks for.
import { DateTime } from "luxon";
import { z } from "zod";
import type { workflowSchedules, workflowScheduleSlots } from "../db/schema/schedules";
import { scheduleStatuses } from "../vocabulary/schedules";
import { pageFields } from "../http/validation";
import { localLabel, nextOccurrences, scheduleRule } from "./occurrences";

export type ScheduleRow = typeof workflowSchedules.$inferSelect;
export type ScheduleSlotRow = typeof workflowScheduleSlots.$inferSelect;
/** A schedule with its workflow's key and its slots, as the store reads it. */
export type ScheduleRecord = { schedule: ScheduleRow; workflowKey: string; slots: ScheduleSlotRow[] };

/** How many upcoming fire times a schedule shows. */
export const NEXT_FIRES = 5;

const dateTime = z.iso.datetime({ offset: true });

const repeatJson = z
  .object({
    frequency: z.enum(["daily", "weekly", "monthly"]).optional(),
    at: z.string().optional(),
    days: z.array(z.string()).optional(),
    day_of_month: z.number().int().optional(),
    rrule: z.string().optional(),
    timezone: z.string(),
  })
  .meta({ id: "ScheduleRepeatJson" });

const slotSchema = z.object({
  zone: z.string().meta({ description: "The recipients' time zone", example: "America/New_York" }),
  recipients: z.number().int().meta({ description: "How many recipients have this zone" }),
  next_fire_at: dateTime
    .nullable()
    .meta({ description: "Null while paused or when the rule has no later time" }),
  last_fired_at: dateTime.nullable(),
});

const nextFireSchema = z.object({
  at: dateTime.meta({
    description: "The instant, with the offset of the zone asked for (`?timezone=`, default UTC)",
  }),
  zone: z.string().meta({ description: "The recipients' zone it fires for" }),
  local_time: z.string().meta({ description: "Their wall-clock time then", example: "2026-03-09T09:00" }),
  recipients: z.number().int(),
});

export const scheduleSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    workflow: z.string().meta({ description: "The workflow's key" }),
    recipient_count: z.number().int(),
    payload: z.record(z.string(), z.unknown()),
    repeat: repeatJson,
    status: z.enum(scheduleStatuses),
    slots: z.array(slotSchema),
    next_fires: z
      .array(nextFireSchema)
      .meta({ description: `The next ${NEXT_FIRES} times it fires, over every zone (none while paused)` }),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .meta({ id: "ScheduleSummary" });

export const scheduleSchema = scheduleSummarySchema
  .extend({ to: z.array(z.string()).meta({ description: "Recipients' user_id" }) })
  .meta({ id: "Schedule" });

export const schedulePageSchema = z.object({ schedules: z.array(scheduleSummarySchema), ...pageFields });

/** The next `NEXT_FIRES` fire times over every slot, earliest first. */
export function nextFires(record: ScheduleRecord, now: Date, displayZone = "UTC") {
  const { schedule, slots } = record;
  if (schedule.status !== "active") return [];
  const rule = scheduleRule(schedule.repeat, schedule.createdAt, now);
  const all = slots.flatMap((slot) =>
    nextOccurrences(rule, slot.zone, now, NEXT_FIRES).map((at) => ({ at, slot })),
  );
  all.sort((a, b) => a.at.getTime() - b.at.getTime() || a.slot.zone.localeCompare(b.slot.zone));
  return all.slice(0, NEXT_FIRES).map(({ at, slot }) => ({
    at: DateTime.fromJSDate(at, { zone: displayZone }).toISO({ suppressMilliseconds: true })!,
    zone: slot.zone,
    local_time: localLabel(at, slot.zone),
    recipients: slot.userIds.length,
  }));
}

export function scheduleSummaryJson(
  record: ScheduleRecord,
  now: Date,
  displayZone?: string,
): z.input<typeof scheduleSummarySchema> {
  const { schedule, slots } = record;
  return {
    id: schedule.id,
    name: schedule.name,
    workflow: record.workflowKey,
    recipient_count: schedule.recipients.user_ids.length,
    payload: schedule.payload,
    repeat: schedule.repeat,
    status: schedule.status,
    slots: slots.map((s) => ({
      zone: s.zone,
      recipients: s.userIds.length,
      next_fire_at: s.nextFireAt?.toISOString() ?? null,
      last_fired_at: s.lastFiredAt?.toISOString() ?? null,
    })),
    next_fires: nextFires(record, now, displayZone),
    created_at: schedule.createdAt.toISOString(),
    updated_at: schedule.updatedAt.toISOString(),
  };
}

export function scheduleJson(
  record: ScheduleRecord,
  now: Date,
  displayZone?: string,
): z.input<typeof scheduleSchema> {
  return { ...scheduleSummaryJson(record, now, displayZone), to: record.schedule.recipients.user_ids };
}
