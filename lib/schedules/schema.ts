// Request schemas of /api/v1/schedules (the response schemas sit beside their serializers); the
// console's form checks the same ones.
import { z } from "zod";
import type { ScheduleRepeat } from "../db/schema/schedules";
import { scheduleFrequencies, scheduleStatuses, scheduleWeekdays } from "../vocabulary/schedules";
import { isTimeZone, pageQuery } from "../http/validation";
import { externalIdSchema } from "../users/schema";
import { MAX_RECIPIENTS, MAX_WORKFLOW_KEY } from "../vocabulary/limits";
import { parseRrule } from "./occurrences";

export const MAX_SCHEDULE_NAME = 200;
const MAX_RRULE = 500;
/** `timezone` value meaning "each recipient's own zone" (their preference's, else their profile's, else UTC). */
export const RECIPIENT_ZONE = "recipient";

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/;

export const repeatSchema = z
  .strictObject({
    frequency: z
      .enum(scheduleFrequencies, { message: `must be one of ${scheduleFrequencies.join(", ")}` })
      .optional(),
    at: z
      .string({ message: "must be a time of day like 09:00" })
      .optional()
      .meta({ description: "HH:MM, 24-hour, local to `timezone` (frequency schedules)", example: "09:00" }),
    days: z
      .array(z.enum(scheduleWeekdays, { message: `must be one of ${scheduleWeekdays.join(", ")}` }), {
        message: "must be a list of weekdays",
      })
      .min(1, { message: "must name at least one day" })
      .max(7)
      .optional()
      .meta({ description: "Weekly schedules only: the days it fires on", example: ["mon", "fri"] }),
    day_of_month: z
      .number({ message: "must be a day of the month from 1 to 31, or -1 for the last" })
      .int({ message: "must be a whole number" })
      .min(-1, { message: "must be from 1 to 31, or -1 for the last day" })
      .max(31, { message: "must be from 1 to 31, or -1 for the last day" })
      .refine((d) => d !== 0, { message: "must be from 1 to 31, or -1 for the last day" })
      .optional()
      .meta({
        description:
          "Monthly schedules only (default 1); months without that day are skipped, -1 is the last day",
      }),
    rrule: z
      .string({ message: "must be an RRULE string" })
      .max(MAX_RRULE, { message: `must be at most ${MAX_RRULE} characters` })
      .optional()
      .meta({
        description:
          "Instead of `frequency`: one RFC 5545 RRULE line, wall-clock times in `timezone`; INTERVAL and COUNT count from the schedule's creation day",
        example: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
      }),
    timezone: z
      .string({ message: 'must be "recipient" or an IANA time zone' })
      .max(64)
      .refine((z) => z === RECIPIENT_ZONE || isTimeZone(z), {
        message: 'must be "recipient" or an IANA time zone like Europe/Paris',
      })
      .default(RECIPIENT_ZONE)
      .meta({
        description:
          "\"recipient\" (default): each recipient at their own local time (their preferences' zone, else their profile's, else UTC); or one IANA zone for everyone",
      }),
  })
  .superRefine((r, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (r.rrule !== undefined) {
      for (const field of ["frequency", "at", "days", "day_of_month"] as const)
        if (r[field] !== undefined) issue(field, "cannot be combined with rrule");
      const parsed = parseRrule(r.rrule);
      if (!parsed.ok) issue("rrule", parsed.message);
      return;
    }
    if (r.frequency === undefined) {
      issue("frequency", "is required (or give an rrule)");
      return;
    }
    if (r.at === undefined) issue("at", "is required");
    else if (!timeOfDay.test(r.at)) issue("at", "must be a time of day like 09:00 (HH:MM, 24-hour)");
    if (r.frequency === "weekly" && r.days === undefined) issue("days", "is required for a weekly schedule");
    if (r.frequency !== "weekly" && r.days !== undefined)
      issue("days", `only a weekly schedule takes days (this one is ${r.frequency})`);
    if (r.frequency !== "monthly" && r.day_of_month !== undefined)
      issue("day_of_month", `only a monthly schedule takes day_of_month (this one is ${r.frequency})`);
  })
  .transform((r): ScheduleRepeat => {
    if (r.rrule !== undefined) return { rrule: r.rrule.trim().replace(/^RRULE:/i, ""), timezone: r.timezone };
    return {
      frequency: r.frequency!,
      at: r.at!,
      ...(r.frequency === "weekly" ? { days: r.days } : {}),
      ...(r.frequency === "monthly" ? { day_of_month: r.day_of_month ?? 1 } : {}),
      timezone: r.timezone,
    };
  })
  .meta({
    id: "ScheduleRepeat",
    description:
      "A frequency (`daily`, `weekly` with `days`, `monthly` with `day_of_month`) at a time of day, or an `rrule`",
    example: { frequency: "daily", at: "09:00", timezone: "recipient" },
  });

const nameSchema = z
  .string({ message: "must be a string" })
  .trim()
  .min(1, { message: "must not be empty" })
  .max(MAX_SCHEDULE_NAME, { message: `must be at most ${MAX_SCHEDULE_NAME} characters` });

const workflowField = z
  .string({ message: "must be a workflow key" })
  .min(1, { message: "must be a workflow key" })
  .max(MAX_WORKFLOW_KEY, { message: "must be a workflow key" })
  .meta({ description: "The key of the workflow it triggers", example: "daily.summary" });

// `to` is a list of user ids today; `{ "topic": "…" }` is the form a topic will take here.
const toSchema = z
  .array(externalIdSchema, { message: "must be a list of user ids" })
  .min(1, { message: "must name at least one user" })
  .max(MAX_RECIPIENTS, { message: `must name at most ${MAX_RECIPIENTS} users` })
  .meta({ description: "Recipients' user_id; unknown ones are created, as a trigger does" });

const payloadSchema = z
  .record(z.string(), z.unknown(), { message: "must be an object" })
  .meta({ description: "The payload of every run it triggers (at most 64 KB as JSON)" });

export const scheduleCreateSchema = z
  .strictObject({
    workflow: workflowField,
    name: nameSchema,
    to: toSchema,
    payload: payloadSchema.default({}),
    repeat: repeatSchema,
  })
  .meta({
    id: "ScheduleCreate",
    example: {
      workflow: "daily.summary",
      name: "Morning summary",
      to: ["alice", "bob"],
      payload: { kind: "summary" },
      repeat: { frequency: "daily", at: "09:00", timezone: "recipient" },
    },
  });
export type ScheduleCreateInput = z.infer<typeof scheduleCreateSchema>;

export const scheduleUpdateSchema = z
  .strictObject({
    workflow: workflowField.optional(),
    name: nameSchema.optional(),
    to: toSchema.optional(),
    payload: payloadSchema.optional(),
    repeat: repeatSchema.optional(),
  })
  .meta({ id: "ScheduleUpdate", example: { repeat: { frequency: "weekly", at: "08:30", days: ["mon"] } } });
export type ScheduleUpdateInput = z.infer<typeof scheduleUpdateSchema>;

export const scheduleParams = z.object({ id: z.uuid({ message: "must be a schedule id" }) });

const displayZone = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: "must be an IANA time zone like Europe/Paris" })
  .optional()
  .meta({ description: "Show the next fire times in this zone (default UTC)", example: "America/New_York" });

export const scheduleGetQuery = z.object({ timezone: displayZone });

export const scheduleListQuery = z.object({
  ...pageQuery,
  status: z.enum(scheduleStatuses, { message: "must be active or paused" }).optional(),
  workflow: workflowField.optional().meta({ description: "Only schedules of this workflow" }),
  timezone: displayZone,
});
export type ScheduleListQuery = z.infer<typeof scheduleListQuery>;
