import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, tenantId, timeOrderedId, ts, updatedAt } from "./_columns";
import { tenants } from "./tenants";
import { workflows } from "./workflows";
import type { ScheduleFrequency, ScheduleStatus, ScheduleWeekday } from "../../vocabulary/schedules";

export type { ScheduleFrequency, ScheduleStatus, ScheduleWeekday };

/**
 * When a schedule repeats, as wall-clock times: a frequency (`at`, weekly `days`, monthly
 * `day_of_month`) or one RRULE line; `timezone` is "recipient" (each recipient's own zone) or one
 * IANA zone for everyone. lib/schedules/schema.ts validates it.
 */
export type ScheduleRepeat =
  | {
      frequency: ScheduleFrequency;
      at: string;
      days?: ScheduleWeekday[];
      day_of_month?: number;
      timezone: string;
    }
  | { rrule: string; timezone: string };

/** Whom a schedule fires for: user ids today; `{ topic }` is the variant a topic will add. */
export type ScheduleRecipients = { user_ids: string[] };

/** A recurring trigger of a workflow; its slots say when it fires next, per time zone. */
export const workflowSchedules = pgTable(
  "workflow_schedules",
  {
    id: timeOrderedId(),
    tenantId: tenantId().references(() => tenants.id),
    // The workflow by id: a deleted workflow's key may be reused, and a schedule must not fire the newcomer.
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id),
    name: text("name").notNull(),
    recipients: jsonb("recipients").$type<ScheduleRecipients>().notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    repeat: jsonb("repeat").$type<ScheduleRepeat>().notNull(),
    status: text("status").$type<ScheduleStatus>().notNull().default("active"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("workflow_schedules_tenant_created_idx").on(t.tenantId, t.createdAt.desc()),
    check("workflow_schedules_status_check", sql`${t.status} in ('active', 'paused')`),
  ],
);

/**
 * One row per (schedule, time zone) among its recipients: a 09:00 schedule fires New York's at 09:00
 * New York and Shanghai's at 09:00 Shanghai. `user_ids` are the internal ids of the recipients whose
 * zone this is (as resolved when the schedule was saved, corrected when the slot fires).
 * `next_fire_at` is null while the schedule is paused or when its rule has no later occurrence.
 */
export const workflowScheduleSlots = pgTable(
  "workflow_schedule_slots",
  {
    id: timeOrderedId(),
    tenantId: tenantId(),
    scheduleId: uuid("schedule_id")
      .notNull()
      .references(() => workflowSchedules.id, { onDelete: "cascade" }),
    zone: text("zone").notNull(),
    userIds: uuid("user_ids").array().notNull(),
    nextFireAt: ts("next_fire_at"),
    lastFiredAt: ts("last_fired_at"),
    /**
     * The local wall-clock time (`2026-03-02T09:00`) of the occurrence its recipients last got, in
     * the zone it fired in: when recipients move to another zone's slot, that slot fires them only at
     * a later local time, so nobody gets one day's 09:00 twice.
     */
    lastLocal: text("last_local"),
  },
  (t) => [
    uniqueIndex("workflow_schedule_slots_schedule_zone_key").on(t.scheduleId, t.zone),
    // The sweep's lookup: the due slots, earliest first.
    index("workflow_schedule_slots_due_idx")
      .on(t.nextFireAt)
      .where(sql`${t.nextFireAt} is not null`),
  ],
);
