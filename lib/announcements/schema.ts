// Request and response schemas of the announcements API; the OpenAPI document is generated from these.
import { z } from "zod";
import { pageQuery, rfc3339 } from "../http/validation";
import { externalIdSchema } from "../users/schema";
import {
  announcementChannels,
  announcementSeverities,
  announcementStatuses,
  announcementTypes,
  deliveryStatuses,
  userRoles,
} from "../vocabulary/enums";
import { MAX_ANNOUNCEMENT_CONTENT, MAX_ANNOUNCEMENT_TITLE, MAX_AUDIENCE_USERS } from "../vocabulary/limits";

export {
  announcementChannels,
  announcementSeverities,
  announcementStatuses,
  announcementTypes,
  type AnnouncementChannel,
  type AnnouncementStatus,
} from "../vocabulary/enums";
/** A targeted audience names at most this many users; larger ones are a role or everyone. */
export { MAX_AUDIENCE_USERS };

export const audienceSchema = z
  .union(
    [
      z.strictObject({ all: z.literal(true) }),
      z.strictObject({
        user_ids: z
          .array(externalIdSchema)
          .min(1, { message: "must name at least one user" })
          .max(MAX_AUDIENCE_USERS, { message: `must name at most ${MAX_AUDIENCE_USERS} users` })
          .transform((ids) => [...new Set(ids)]),
      }),
      z.strictObject({
        roles: z
          .array(z.enum(userRoles, { message: `must be one of ${userRoles.join(", ")}` }))
          .min(1, { message: "must name at least one role" })
          .transform((r) => [...new Set(r)]),
      }),
    ],
    { message: 'must be {"all": true}, {"user_ids": [...]} or {"roles": [...]}' },
  )
  .meta({ id: "AnnouncementAudience", description: "Who sees it: everyone, named users, or roles" });
export type AudienceInput = z.infer<typeof audienceSchema>;

const fields = {
  title: z
    .string({ message: "must be a string" })
    .trim()
    .min(1, { message: "must not be empty" })
    .max(MAX_ANNOUNCEMENT_TITLE, { message: `must be at most ${MAX_ANNOUNCEMENT_TITLE} characters` }),
  content: z
    .string({ message: "must be a string" })
    .min(1, { message: "must not be empty" })
    .max(MAX_ANNOUNCEMENT_CONTENT, { message: `must be at most ${MAX_ANNOUNCEMENT_CONTENT} characters` })
    .meta({ description: "Markdown; stored as written, rendered to sanitised HTML in `content_html`" }),
  type: z.enum(announcementTypes, { message: `must be one of ${announcementTypes.join(", ")}` }),
  severity: z.enum(announcementSeverities, {
    message: `must be one of ${announcementSeverities.join(", ")}`,
  }),
  audience: audienceSchema,
  publish_at: rfc3339.nullable().meta({ description: "When publishing, a future time schedules it" }),
  expires_at: rfc3339.nullable().meta({ description: "It stops showing at this time" }),
  pinned: z.boolean({ message: "must be true or false" }),
  channels: z
    .array(
      z.enum(announcementChannels, {
        message: `must be one of ${announcementChannels.join(", ")} (in-app is the announcement itself)`,
      }),
      { message: "must be an array of channels" },
    )
    .transform((c) => [...new Set(c)])
    .meta({
      description:
        "Extra channels to also send it by to every user in the audience when it is published: " +
        "email, sms, push, wechat, chat. Each user's preferences apply (as for type `system`). " +
        "Cannot change once published.",
    }),
};

function checkTimes(v: { publish_at?: string | null; expires_at?: string | null }, ctx: z.RefinementCtx) {
  if (v.publish_at && v.expires_at && Date.parse(v.expires_at) <= Date.parse(v.publish_at))
    ctx.addIssue({ code: "custom", path: ["expires_at"], message: "must be after publish_at" });
}

export const announcementCreateSchema = z
  .strictObject({
    title: fields.title,
    content: fields.content,
    type: fields.type.default("notice"),
    severity: fields.severity.default("info"),
    audience: fields.audience.default({ all: true }),
    publish_at: fields.publish_at.optional(),
    expires_at: fields.expires_at.optional(),
    pinned: fields.pinned.default(false),
    channels: fields.channels.default([]),
  })
  .superRefine(checkTimes);
export type AnnouncementCreate = z.infer<typeof announcementCreateSchema>;

export const announcementUpdateSchema = z
  .strictObject({
    title: fields.title.optional(),
    content: fields.content.optional(),
    type: fields.type.optional(),
    severity: fields.severity.optional(),
    audience: fields.audience.optional(),
    publish_at: fields.publish_at.optional(),
    expires_at: fields.expires_at.optional(),
    pinned: fields.pinned.optional(),
    channels: fields.channels.optional(),
  })
  .superRefine(checkTimes);
export type AnnouncementUpdate = z.infer<typeof announcementUpdateSchema>;

export const announcementIdParams = z.object({ id: z.uuid({ message: "must be an announcement id" }) });

export const announcementListQuery = z.strictObject({
  ...pageQuery,
  status: z
    .enum(announcementStatuses, { message: `must be one of ${announcementStatuses.join(", ")}` })
    .optional(),
});
export type AnnouncementListQuery = z.infer<typeof announcementListQuery>;

// Response shapes: the serializers (serialize.ts, inbox.ts) return their z.input.
const dateTime = z.iso.datetime({ offset: true });

export const fanoutStatuses = ["not_requested", "waiting", "running", "complete", "stopped"] as const;

const deliveryCountsShape = {
  total: z.number().int().meta({ description: "Delivery rows written so far (audience users × channels)" }),
  queued: z.number().int().meta({ description: "Waiting or being sent (deferred by do-not-disturb too)" }),
  sent: z.number().int(),
  delivered: z.number().int().meta({ description: "Confirmed by the provider's webhook" }),
  failed: z.number().int().meta({ description: "Failed or bounced" }),
  skipped: z.number().int().meta({ description: "By the user's preferences, or no address" }),
  cancelled: z.number().int().meta({ description: "Not sent: archived, deleted or expired first" }),
};
export const deliveryCountsSchema = z.object(deliveryCountsShape).meta({ id: "AnnouncementDeliveryCounts" });

export const deliveryProgressSchema = z
  .object({
    status: z.enum(fanoutStatuses).meta({
      description:
        "not_requested: no extra channels. waiting: not published yet. running: batches are " +
        "still writing deliveries. complete: every audience user has theirs (see `queued` for " +
        "those still on their way). stopped: archived, deleted or expired before the end.",
    }),
    ...deliveryCountsShape,
    by_channel: z
      .partialRecord(z.enum(announcementChannels), deliveryCountsSchema)
      .meta({ description: "The same counts per requested channel" }),
  })
  .meta({
    id: "AnnouncementDeliveryProgress",
    description: "The extra channels' delivery, overall and per channel",
  });
export type DeliveryProgress = z.infer<typeof deliveryProgressSchema>;
export type DeliveryCounts = z.infer<typeof deliveryCountsSchema>;
/** Which progress bucket each delivery status counts in. */
export const progressBucket: Record<
  (typeof deliveryStatuses)[number],
  Exclude<keyof DeliveryCounts, "total">
> = {
  queued: "queued",
  sending: "queued",
  sent: "sent",
  delivered: "delivered",
  failed: "failed",
  bounced: "failed",
  skipped: "skipped",
  cancelled: "cancelled",
};

export const announcementSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    content: z.string(),
    content_html: z.string().meta({ description: "`content` rendered from Markdown and sanitised" }),
    type: z.enum(announcementTypes),
    severity: z.enum(announcementSeverities),
    audience: z.union([
      z.object({ all: z.literal(true) }),
      z.object({ user_ids: z.array(z.string()) }),
      z.object({ roles: z.array(z.string()) }),
    ]),
    status: z.enum(announcementStatuses),
    is_active: z.boolean().meta({ description: "Published, not expired: users in the audience see it" }),
    channels: z.array(z.enum(announcementChannels)),
    pinned: z.boolean(),
    publish_at: dateTime.nullable(),
    published_at: dateTime.nullable(),
    expires_at: dateTime.nullable(),
    archived_at: dateTime.nullable(),
    created_at: dateTime,
    updated_at: dateTime,
    delivery_progress: deliveryProgressSchema,
  })
  .meta({ id: "Announcement" });

export const announcementPageSchema = z.object({
  announcements: z.array(announcementSchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
});

/** What an end user sees (REST and live events): no audience, with their own read state. */
export const userAnnouncementSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    content: z.string(),
    content_html: z.string(),
    type: z.enum(announcementTypes),
    severity: z.enum(announcementSeverities),
    pinned: z.boolean(),
    published_at: dateTime,
    expires_at: dateTime.nullable(),
    is_read: z.boolean(),
    read_at: dateTime.nullable(),
  })
  .meta({ id: "UserAnnouncement" });

/** What reading or dismissing one answers. */
export const announcementMarkResultSchema = z.object({
  announcement: userAnnouncementSchema,
  unread_count: z.number().int().meta({ description: "The caller's unread count after the change" }),
});

export const activeAnnouncementsSchema = z.object({
  announcements: z.array(userAnnouncementSchema),
  unread: z.number().int().meta({ description: "How many of them are unread" }),
});
