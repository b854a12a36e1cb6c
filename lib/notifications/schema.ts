// Request schemas of the notifications API (send, list, mark, batches); the OpenAPI document
// is generated from these.
import { z } from "zod";
import { clock } from "../clock";
import { pageQuery, rfc3339 } from "../http/validation";
import { paramsSchema } from "../templates/schema";
import { externalIdSchema } from "../users/schema";
import { chatTargetKeysSchema } from "../chat/schema";
import { richContentFields } from "./rich-content";
import {
  batchMarkActions,
  inboxViews,
  MAX_SNOOZE_DAYS,
  notificationChannels,
  notificationPriorities,
  notificationStatuses,
  notificationTypes,
  type NotificationChannel,
} from "../vocabulary/enums";
import {
  jsonBytes,
  MAX_GROUP_KEY,
  MAX_JSON_OBJECT_BYTES,
  MAX_NOTIFICATION_CONTENT,
  MAX_NOTIFICATION_TITLE,
  MAX_RECIPIENTS,
} from "../vocabulary/limits";

export { MAX_RECIPIENTS };
/** Above this many recipients the response carries the batch id, not every row. */
export const LISTED_RECIPIENTS = 1_000;

export const groupKeySchema = z
  .string({ message: "must be a string" })
  .min(1, { message: "must not be empty" })
  .max(MAX_GROUP_KEY, { message: `must be at most ${MAX_GROUP_KEY} characters` });

export const metadataSchema = z
  .record(z.string(), z.unknown(), { message: "must be a JSON object" })
  .refine((m) => jsonBytes(m) <= MAX_JSON_OBJECT_BYTES, {
    message: `must be at most ${MAX_JSON_OBJECT_BYTES / 1024} KB of JSON`,
  });

const SEND_FIELDS = [
  "user_ids",
  "title",
  "content",
  "type",
  "priority",
  "channels",
  "metadata",
  "schedule_at",
  "template_code",
  "params",
  "chat_targets",
  "group_key",
  "actions",
  "image_url",
  "avatar",
  "expires_at",
] as const;

export const sendSchema = z
  .strictObject({
    user_ids: z
      .array(externalIdSchema, { message: "must be a list of user ids" })
      .min(1, { message: "must name at least one user" })
      .max(MAX_RECIPIENTS, { message: `must name at most ${MAX_RECIPIENTS} users` }),
    title: z
      .string()
      .min(1, { message: "must not be empty" })
      .max(MAX_NOTIFICATION_TITLE, { message: `must be at most ${MAX_NOTIFICATION_TITLE} characters` })
      .optional(),
    content: z
      .string()
      .min(1, { message: "must not be empty" })
      .max(MAX_NOTIFICATION_CONTENT, { message: `must be at most ${MAX_NOTIFICATION_CONTENT} characters` })
      .optional(),
    type: z.enum(notificationTypes, { message: `must be one of ${notificationTypes.join(", ")}` }).optional(),
    priority: z
      .enum(notificationPriorities, { message: `must be one of ${notificationPriorities.join(", ")}` })
      .default("normal"),
    channels: z
      .array(z.enum(notificationChannels, { message: `must be one of ${notificationChannels.join(", ")}` }))
      .min(1, { message: "must name at least one channel" })
      .transform((c) => [...new Set(c)])
      .optional()
      .meta({ description: 'Default ["app"], or the template\'s channels for a template send' }),
    metadata: metadataSchema.default({}),
    schedule_at: rfc3339.optional(),
    template_code: z.string().min(1).max(100).optional(),
    params: paramsSchema.optional(),
    chat_targets: chatTargetKeysSchema.optional().meta({
      description:
        "The tenant's chat targets (by key) each recipient's chat delivery also posts to; needs \"chat\" in channels",
    }),
    group_key: groupKeySchema.optional().meta({
      description:
        "A recipient's notifications with the same key fold into one inbox row (`grouped=true` lists them as one group)",
      example: "design-review-42",
    }),
    ...richContentFields,
    expires_at: rfc3339
      // Not a date at all is the format's one error, not also this one.
      .refine((v) => !(new Date(v).getTime() <= clock().now().getTime()), {
        message: "must be in the future",
      })
      .optional()
      .meta({
        description:
          "Gone from lists, counts and live clients at this time (default: the tenant's notification_ttl_days after it goes out)",
      }),
  })
  .superRefine((v, ctx) => {
    const at = (t: string | undefined) => (t === undefined ? NaN : new Date(t).getTime());
    if (at(v.expires_at) <= at(v.schedule_at))
      ctx.addIssue({ code: "custom", path: ["expires_at"], message: "must be after schedule_at" });
    const channels = v.channels ?? (v.template_code === undefined ? ["app"] : undefined);
    if (v.chat_targets !== undefined && channels !== undefined && !channels.includes("chat"))
      ctx.addIssue({ code: "custom", path: ["chat_targets"], message: 'needs "chat" in channels' });
    if (v.template_code !== undefined) return;
    for (const field of ["title", "content", "type"] as const) {
      if (v[field] === undefined)
        ctx.addIssue({ code: "custom", path: [field], message: "is required (or give template_code)" });
    }
  })
  // A raw send's channels default to ["app"] (a template send's to the template's). The object is
  // rebuilt in field order so the Idempotency-Key request hash stays what it was.
  .transform((v) => {
    if (v.template_code !== undefined || v.channels !== undefined) return v;
    const out: Record<string, unknown> = {};
    for (const key of SEND_FIELDS) {
      const value = key === "channels" ? ["app"] : v[key];
      if (value !== undefined) out[key] = value;
    }
    return out as typeof v & { channels: NotificationChannel[] };
  });
export type SendInput = z.infer<typeof sendSchema>;

const bool = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const listQuery = z.strictObject({
  ...pageQuery,
  status: z
    .enum([...notificationStatuses, "read", "unread"], { message: "is not a known status" })
    .optional(),
  type: z.enum(notificationTypes, { message: `must be one of ${notificationTypes.join(", ")}` }).optional(),
  priority: z
    .enum(notificationPriorities, { message: `must be one of ${notificationPriorities.join(", ")}` })
    .optional(),
  unread_only: bool.optional(),
  since: rfc3339.optional(),
  until: rfc3339.optional().meta({ description: "Only notifications created before this time" }),
  channel: z
    .enum(notificationChannels, { message: `must be one of ${notificationChannels.join(", ")}` })
    .optional()
    .meta({ description: "Only notifications sent on this channel" }),
  provider: z
    .string()
    .min(1)
    .max(50)
    .optional()
    .meta({ description: "Only notifications with a delivery through this provider (e.g. resend, outbox)" }),
  template: z.string().min(1).max(100).optional().meta({ description: "Only sends of this template code" }),
  cursor: z.string().max(200).optional(),
  // Tenant-wide lists only (an API key without X-User-Id, or an admin with scope=tenant).
  user_id: externalIdSchema.optional(),
  batch_id: z.uuid({ message: "must be a batch id" }).optional(),
  scope: z.enum(["own", "tenant"]).optional(),
  grouped: bool.optional().meta({
    description:
      "A user's own list only: one item per group (rows sharing a `group_key`; a row without one is its own group), newest group first, with `count`, `unread_count` and the `latest` notification",
  }),
  group_key: groupKeySchema.optional().meta({ description: "Only the members of this group" }),
  view: z
    .enum(inboxViews, { message: `must be one of ${inboxViews.join(", ")}` })
    .optional()
    .meta({
      description:
        "inbox (a user's default: neither archived nor snoozed), archived, snoozed or all; a tenant-wide list shows all unless told",
    }),
});
export type ListQuery = z.infer<typeof listQuery>;

/** GET /notifications/:id: an admin session reaches any of the tenant's with scope=tenant (the console's log). */
export const oneNotificationQuery = listQuery.pick({ scope: true });

export const idParams = z.object({ id: z.uuid({ message: "must be a notification id" }) });

export const groupParams = z.object({ group_key: groupKeySchema });

export const batchParams = z.object({ batch_id: z.uuid({ message: "must be a batch id" }) });

export const batchMarkSchema = z.strictObject({
  notification_ids: z
    .array(z.uuid({ message: "must be a notification id" }))
    .min(1, { message: "must name at least one notification" })
    .max(1000, { message: "must name at most 1000 notifications" }),
  action: z.enum(batchMarkActions, { message: `must be one of ${batchMarkActions.join(", ")}` }),
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** PUT /notifications/:id/snooze: until when (the future, at most MAX_SNOOZE_DAYS ahead by the clock). */
export const snoozeSchema = z.strictObject({
  until: rfc3339
    .refine((v) => new Date(v).getTime() > clock().now().getTime(), { message: "must be in the future" })
    .refine((v) => new Date(v).getTime() <= clock().now().getTime() + MAX_SNOOZE_DAYS * DAY_MS, {
      message: `must be at most ${MAX_SNOOZE_DAYS} days ahead`,
    })
    .meta({
      description: `When the notification comes back, unread (at most ${MAX_SNOOZE_DAYS} days ahead)`,
    }),
});

/** delete-all / archive-all: the caller's notifications matching these (all given must match). */
export const bulkChangeSchema = z
  .strictObject({
    view: listQuery.shape.view
      .unwrap()
      .default("inbox")
      .meta({ description: "Which list's notifications (as `view` of the list); default the inbox" }),
    type: listQuery.shape.type,
    priority: listQuery.shape.priority,
  })
  .default({ view: "inbox" });
export type BulkChangeInput = z.infer<typeof bulkChangeSchema>;

export const statsQuery = z.strictObject({
  from: rfc3339.optional(),
  to: rfc3339.optional(),
  scope: z.enum(["own", "tenant"]).optional(),
});
