// Request and response schemas of the preferences API.
import { z } from "zod";
import { digestWindowSchema } from "../http/durations";
import { categorySchema, keySchema, timeZone } from "../http/validation";
import { externalChannels, notificationChannels, notificationTypes } from "../vocabulary/enums";
import { MAX_WORKFLOW_KEY } from "../vocabulary/limits";

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const hhmm = z.string().regex(HHMM, { message: 'must be a 24-hour time like "22:00"' });

const channel = z.enum(notificationChannels, {
  message: `must be one of ${notificationChannels.join(", ")}`,
});

const workflowChoice = z.strictObject({
  enabled: z.boolean({ message: "must be true or false" }).meta({
    description: "False: nothing from it, in-app included (critical workflows still reach the user)",
  }),
  channels: z
    .array(channel, { message: "must be a list of channels" })
    .transform((c) => [...new Set(c)])
    .optional()
    .meta({ description: "The channels it may use (`app` is in-app); left out: every channel" }),
  digest: digestWindowSchema.optional().meta({
    description:
      'Your own digest cadence, e.g. {"schedule": "daily", "at": "18:00"} or {"amount": 1, "unit": "hours"}: used by its digest steps that allow it',
  }),
});

const choices = (what: string, key: z.ZodString) =>
  z
    .record(key, workflowChoice, { message: `must be an object of ${what} to a choice` })
    .refine((r) => Object.keys(r).length <= MAX_WORKFLOW_CHOICES, {
      message: `must hold at most ${MAX_WORKFLOW_CHOICES} entries`,
    })
    .optional();

export const MAX_WORKFLOW_CHOICES = 200;

export const preferencesUpdateSchema = z.strictObject({
  channels: z
    .partialRecord(
      z.enum(notificationTypes, { message: `must be one of ${notificationTypes.join(", ")}` }),
      z.array(channel, { message: "must be a list of channels" }).transform((c) => [...new Set(c)]),
      { message: "must be an object of notification type to channels" },
    )
    .optional()
    .meta({
      description:
        'Per notification type, the channels to use, e.g. {"info": ["app"], "system": ["app", "email"]}; a type left out uses every channel a notification asks for. In-app is always stored.',
    }),
  disabled_channels: z
    .array(
      z.enum(externalChannels, {
        message: `must be one of ${externalChannels.join(", ")} (in-app cannot be turned off: the inbox is the record)`,
      }),
      { message: "must be a list of channels" },
    )
    .transform((c) => [...new Set(c)])
    .optional()
    .meta({ description: "Channels turned off for every notification type" }),
  do_not_disturb: z
    .strictObject({ start: hhmm, end: hhmm })
    .refine((w) => w.start !== w.end, { message: "start and end must differ" })
    .nullable()
    .optional()
    .meta({
      description:
        'Quiet hours in the user\'s time zone, e.g. {"start": "22:00", "end": "07:30"} (may cross midnight); null turns them off',
    }),
  timezone: timeZone
    .nullable()
    .optional()
    .meta({ description: "For the quiet hours; null falls back to the user's profile time zone, then UTC" }),
  mute_until: z.iso
    .datetime({ offset: true, message: "must be an RFC 3339 date-time like 2026-10-10T15:00:00Z" })
    .nullable()
    .optional()
    .meta({
      description: "Until then: no external channels and no live alerts (in-app rows are still stored)",
    }),
  workflows: choices("workflow key", keySchema(MAX_WORKFLOW_KEY)).meta({
    description:
      'Per workflow key, e.g. {"comment.created": {"enabled": true, "channels": ["app"]}}; replaces the saved map. A workflow\'s entry wins over its category\'s; critical workflows ignore both',
  }),
  categories: choices("category", categorySchema).meta({
    description: 'Per workflow category, e.g. {"marketing": {"enabled": false}}; replaces the saved map',
  }),
});
export type PreferencesUpdate = z.infer<typeof preferencesUpdateSchema>;

const dateTime = z.iso.datetime({ offset: true });
const choiceJson = z.object({
  enabled: z.boolean(),
  channels: z.array(z.enum(notificationChannels)).optional(),
  digest: digestWindowSchema.optional(),
});

export const preferencesSchema = z
  .object({
    user_id: z.string(),
    channels: z.partialRecord(z.enum(notificationTypes), z.array(z.enum(notificationChannels))),
    disabled_channels: z.array(z.enum(notificationChannels)),
    do_not_disturb: z.object({ start: z.string(), end: z.string() }).nullable(),
    timezone: z.string().nullable(),
    effective_timezone: z.string().meta({ description: "The zone quiet hours are read in" }),
    mute_until: dateTime.nullable(),
    is_muted: z.boolean(),
    workflows: z.record(z.string(), choiceJson),
    categories: z.record(z.string(), choiceJson),
    updated_at: dateTime.nullable().meta({ description: "Null while the user has only the defaults" }),
  })
  .meta({ id: "Preferences" });
