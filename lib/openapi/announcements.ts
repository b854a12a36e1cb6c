// OpenAPI paths of announcements and preferences; document.ts merges them in with its `op` helper.
import { z } from "zod";
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import {
  activeAnnouncementsSchema,
  announcementCreateSchema,
  announcementIdParams,
  announcementListQuery,
  announcementPageSchema,
  announcementSchema,
  announcementUpdateSchema,
  userAnnouncementSchema,
} from "../announcements/schema";
import type { AnnouncementJson, UserAnnouncementJson } from "../announcements/serialize";
import { preferencesSchema, preferencesUpdateSchema } from "../preferences/schema";
import type { PreferencesJson } from "../preferences/store";
import { userIdParams } from "../users/schema";
import type { Op } from "./document";

export const ANNOUNCEMENTS_TAG = "Announcements";
export const PREFERENCES_TAG = "Preferences";

const markResultSchema = z.object({
  announcement: userAnnouncementSchema,
  unread_count: z.number().int().meta({ description: "The caller's unread count after the change" }),
});

export function announcementPaths(op: (o: Op) => ZodOpenApiOperationObject): ZodOpenApiPathsObject {
  const tag = ANNOUNCEMENTS_TAG;
  const write = { tag, auth: "service", scope: "notifications:send" } as const;
  const lifecycle =
    "Statuses: draft → scheduled (publish_at in the future) → published → archived. Expired ones (past expires_at) stay published but stop showing.";
  const channels =
    "With `channels` (email, sms, push, wechat), publishing also sends it to every user in the audience by those channels: batches of users go through the delivery queue after the publish, each user once per channel, their preferences applied as for a notification of type `system` (severity critical is urgent, warning high). Follow it in `delivery_progress` and in `GET /api/v1/deliveries?announcement_id=…`. Archiving, deleting or expiry stops what is not sent yet.";
  return {
    "/api/v1/announcements": {
      get: op({
        id: "listAnnouncements",
        summary: "List announcements",
        description: "Newest first, optionally by status.",
        tag,
        auth: "service",
        scope: "announcements:read",
        query: announcementListQuery,
        data: announcementPageSchema,
      }),
      post: op({
        id: "createAnnouncement",
        summary: "Create an announcement (a draft)",
        description: `Publish it with \`POST /api/v1/announcements/{id}/publish\`. ${lifecycle} ${channels}`,
        ...write,
        body: announcementCreateSchema,
        data: announcementSchema,
        message: "Announcement created",
        status: 201,
      }),
    },
    "/api/v1/announcements/active": {
      get: op({
        id: "listActiveAnnouncements",
        summary: "The caller's active announcements",
        description:
          "Published, not expired, in the caller's audience and not dismissed: unread first, then pinned, then newest.",
        tag,
        auth: "user",
        data: activeAnnouncementsSchema,
      }),
    },
    "/api/v1/announcements/{id}": {
      get: op({
        id: "getAnnouncement",
        summary: "Get an announcement",
        description: `\`delivery_progress\` reports the extra channels' delivery: the fan-out's state and the deliveries' counts, overall and per channel. ${channels}`,
        tag,
        auth: "service",
        scope: "announcements:read",
        params: announcementIdParams,
        data: announcementSchema,
      }),
      put: op({
        id: "updateAnnouncement",
        summary: "Change an announcement",
        description:
          "Only the fields given change. Archived ones cannot change (409); a published one's `publish_at` and `channels` cannot change (400). A published one's audience learns of the change live.",
        ...write,
        params: announcementIdParams,
        body: announcementUpdateSchema,
        data: announcementSchema,
        message: "Announcement updated",
        errors: [409],
      }),
      delete: op({
        id: "deleteAnnouncement",
        summary: "Delete an announcement",
        description: "It leaves every inbox at once, and stops an extra-channel fan-out like archiving.",
        ...write,
        params: announcementIdParams,
        data: z.null(),
        message: "Announcement deleted",
      }),
    },
    "/api/v1/announcements/{id}/publish": {
      post: op({
        id: "publishAnnouncement",
        summary: "Publish an announcement, now or at its publish_at",
        description: `A draft with a future \`publish_at\` becomes scheduled; otherwise it is published now (a scheduled one too) and its audience is told live. Writes one row whatever the audience size (plus one queued job when it has extra \`channels\`). ${lifecycle} ${channels}`,
        ...write,
        params: announcementIdParams,
        data: announcementSchema,
        message: "Announcement published",
        errors: [409],
      }),
    },
    "/api/v1/announcements/{id}/archive": {
      post: op({
        id: "archiveAnnouncement",
        summary: "Archive an announcement",
        description:
          "It stops showing, live. An extra-channel fan-out still running stops: no further batch is written, and deliveries not sent yet are cancelled.",
        ...write,
        params: announcementIdParams,
        data: announcementSchema,
        message: "Announcement archived",
      }),
    },
    "/api/v1/announcements/{id}/read": {
      post: op({
        id: "readAnnouncement",
        summary: "Mark an active announcement read",
        tag,
        auth: "user",
        params: announcementIdParams,
        data: markResultSchema,
        message: "Announcement marked read",
      }),
    },
    "/api/v1/announcements/{id}/dismiss": {
      post: op({
        id: "dismissAnnouncement",
        summary: "Dismiss an active announcement",
        description: "It counts as read and no longer shows for the caller.",
        tag,
        auth: "user",
        params: announcementIdParams,
        data: markResultSchema,
        message: "Announcement dismissed",
      }),
    },
    "/api/v1/preferences": {
      get: op({
        id: "getPreferences",
        summary: "The caller's notification preferences",
        tag: PREFERENCES_TAG,
        auth: "user",
        data: preferencesSchema,
      }),
      put: op({
        id: "savePreferences",
        summary: "Change the caller's notification preferences",
        description: "Only the fields given change; null clears one.",
        tag: PREFERENCES_TAG,
        auth: "user",
        body: preferencesUpdateSchema,
        data: preferencesSchema,
        message: "Preferences saved",
      }),
    },
    "/api/v1/users/{user_id}/preferences": {
      get: op({
        id: "getUserPreferences",
        summary: "A user's notification preferences",
        tag: PREFERENCES_TAG,
        auth: "service",
        scope: "users:read",
        params: userIdParams,
        data: preferencesSchema,
      }),
      put: op({
        id: "saveUserPreferences",
        summary: "Change a user's notification preferences",
        description: "Only the fields given change; null clears one. An unknown user is a 404.",
        tag: PREFERENCES_TAG,
        auth: "service",
        scope: "preferences:write",
        params: userIdParams,
        body: preferencesUpdateSchema,
        data: preferencesSchema,
        message: "Preferences saved",
      }),
    },
  };
}

// Compile-time drift checks, as in schemas.ts: each schema's output equals its serializer's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemasMatchSerializers: [
  Same<z.output<typeof announcementSchema>, AnnouncementJson>,
  Same<z.output<typeof userAnnouncementSchema>, UserAnnouncementJson>,
  Same<z.output<typeof preferencesSchema>, PreferencesJson>,
] = [true, true, true];
void schemasMatchSerializers;
