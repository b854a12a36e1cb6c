// Durations and times of day as request schemas take them: a delay's, a throttle's and a digest's
// window (in a workflow's steps, and a recipient's own digest cadence in their preferences).
import { z } from "zod";
import { durationUnits, type DurationUnit } from "../db/schema/workflows";
import { oneOfMessage } from "../vocabulary/enums";

/** A delay, a digest window and a throttle window each span at most this. */
export const MAX_WAIT_SECONDS = 30 * 24 * 3600;

const SECONDS: Record<DurationUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 };
export const durationSeconds = (d: { amount: number; unit: DurationUnit }) => d.amount * SECONDS[d.unit];

export const positiveInt = (max: number) =>
  z
    .number({ message: "must be a whole number" })
    .int({ message: "must be a whole number" })
    .min(1, { message: "must be at least 1" })
    .max(max, { message: `must be at most ${max}` });

export const unitSchema = z.enum(durationUnits, { message: oneOfMessage(durationUnits) });
export const hhmm = z
  .string({ message: "must be a string" })
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { message: "must be a time like 09:00 (HH:MM, 24-hour)" });
export const waitMessage = `must be at most 30 days in all (${MAX_WAIT_SECONDS} seconds)`;

export const durationSchema = z
  .strictObject({ amount: positiveInt(MAX_WAIT_SECONDS), unit: unitSchema })
  .refine((d) => durationSeconds(d) <= MAX_WAIT_SECONDS, { message: waitMessage, path: ["amount"] })
  .meta({ id: "WorkflowDuration", example: { amount: 10, unit: "minutes" } });

const weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
const digestScheduleSchema = z.discriminatedUnion(
  "schedule",
  [
    z.strictObject({ schedule: z.literal("daily"), at: hhmm }),
    z.strictObject({
      schedule: z.literal("weekly"),
      at: hhmm,
      weekday: z.enum(weekdays, { message: oneOfMessage(weekdays) }),
    }),
  ],
  { message: "must be daily or weekly" },
);

/** A digest window: a duration from its first event, or a daily or weekly local time. */
export const digestWindowSchema = z.union([durationSchema, digestScheduleSchema], {
  message: "must be {amount, unit}, {schedule: daily, at} or {schedule: weekly, at, weekday}",
});
