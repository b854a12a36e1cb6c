// Announcements: the console's lifecycle (create, edit, publish, archive, delete, read figures) and
// an end user's active list, read and dismiss.
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import { activeAnnouncements, markAnnouncement } from "../../notifications/announcements";
import {
  archiveAnnouncement,
  createAnnouncement,
  deleteAnnouncement,
  getAnnouncement,
  listAnnouncements,
  publishAnnouncement,
  updateAnnouncement,
} from "../../announcements/lifecycle";
import {
  activeAnnouncementsSchema,
  announcementCreateSchema,
  announcementIdParams,
  announcementListQuery,
  announcementMarkResultSchema,
  announcementPageSchema,
  announcementSchema,
  announcementUpdateSchema,
} from "../../announcements/schema";
import { announcementJson } from "../../announcements/serialize";
import { announcementStats, announcementStatsSchema } from "../../announcements/stats";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.announcements;
const write = { tag, auth: "service", scope: "notifications:send" } as const;
const lifecycle =
  "Statuses: draft → scheduled (publish_at in the future) → published → archived. Expired ones (past expires_at) stay published but stop showing.";
const channels =
  "With `channels` (email, sms, push, wechat, chat), publishing also sends it to every user in the audience by those channels: batches of users go through the delivery queue after the publish, each user once per channel, their preferences applied as for a notification of type `system` (severity critical is urgent, warning high). Follow it in `delivery_progress` and in `GET /api/v1/deliveries?announcement_id=…`. Archiving, deleting or expiry stops what is not sent yet.";

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/announcements",
    id: "listAnnouncements",
    summary: "List announcements",
    description: "Newest first, optionally by status.",
    tag,
    auth: "service",
    scope: "announcements:read",
    query: announcementListQuery,
    data: announcementPageSchema,
  },
  async ({ db, caller, query }) => {
    const { rows, ...page } = await listAnnouncements(db, caller.tenantId, query);
    return { data: { announcements: rows.map(announcementJson), ...page } };
  },
);

const create = endpoint(
  {
    method: "post",
    path: "/api/v1/announcements",
    id: "createAnnouncement",
    summary: "Create an announcement (a draft)",
    description: `Publish it with \`POST /api/v1/announcements/{id}/publish\`. ${lifecycle} ${channels}`,
    ...write,
    body: announcementCreateSchema,
    data: announcementSchema,
    message: "Announcement created",
    status: 201,
  },
  async ({ db, caller, body }) => ({
    data: announcementJson(await createAnnouncement(db, caller.tenantId, body, actorOf(caller))),
  }),
);

const active = endpoint(
  {
    method: "get",
    path: "/api/v1/announcements/active",
    id: "listActiveAnnouncements",
    summary: "The caller's active announcements",
    description:
      "Published, not expired, in the caller's audience and not dismissed: unread first, then pinned, then newest.",
    tag,
    auth: "user",
    data: activeAnnouncementsSchema,
  },
  async ({ db, caller, user }) => ({
    data: await activeAnnouncements(db, { tenantId: caller.tenantId, userId: user.id }),
  }),
);

const getOne = endpoint(
  {
    method: "get",
    path: "/api/v1/announcements/{id}",
    id: "getAnnouncement",
    summary: "Get an announcement",
    description: `\`delivery_progress\` reports the extra channels' delivery: the fan-out's state and the deliveries' counts, overall and per channel. ${channels}`,
    tag,
    auth: "service",
    scope: "announcements:read",
    params: announcementIdParams,
    data: announcementSchema,
  },
  async ({ db, caller, params }) => ({
    data: announcementJson(await getAnnouncement(db, caller.tenantId, params.id)),
  }),
);

const update = endpoint(
  {
    method: "put",
    path: "/api/v1/announcements/{id}",
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
  },
  async ({ db, caller, params, body }) => ({
    data: announcementJson(await updateAnnouncement(db, caller.tenantId, params.id, body, actorOf(caller))),
  }),
);

const remove = endpoint(
  {
    method: "delete",
    path: "/api/v1/announcements/{id}",
    id: "deleteAnnouncement",
    summary: "Delete an announcement",
    description: "It leaves every inbox at once, and stops an extra-channel fan-out like archiving.",
    ...write,
    params: announcementIdParams,
    data: z.null(),
    message: "Announcement deleted",
  },
  async ({ db, caller, params }) => {
    await deleteAnnouncement(db, caller.tenantId, params.id, actorOf(caller));
    return { data: null };
  },
);

const publish = endpoint(
  {
    method: "post",
    path: "/api/v1/announcements/{id}/publish",
    id: "publishAnnouncement",
    summary: "Publish an announcement, now or at its publish_at",
    description: `A draft with a future \`publish_at\` becomes scheduled; otherwise it is published now (a scheduled one too) and its audience is told live. Writes one row whatever the audience size (plus one queued job when it has extra \`channels\`). ${lifecycle} ${channels}`,
    ...write,
    params: announcementIdParams,
    data: announcementSchema,
    message: "Announcement published",
    errors: [409],
  },
  async ({ db, caller, params }) => {
    const row = await publishAnnouncement(db, caller.tenantId, params.id, actorOf(caller));
    // "Announcement scheduled" when publish_at is still ahead.
    return { data: announcementJson(row), message: `Announcement ${row.status}` };
  },
);

const archive = endpoint(
  {
    method: "post",
    path: "/api/v1/announcements/{id}/archive",
    id: "archiveAnnouncement",
    summary: "Archive an announcement",
    description:
      "It stops showing, live. An extra-channel fan-out still running stops: no further batch is written, and deliveries not sent yet are cancelled.",
    ...write,
    params: announcementIdParams,
    data: announcementSchema,
    message: "Announcement archived",
  },
  async ({ db, caller, params }) => {
    const row = await archiveAnnouncement(db, caller.tenantId, params.id, actorOf(caller));
    return { data: announcementJson(row), message: `Announcement ${row.status}` };
  },
);

const read = endpoint(
  {
    method: "post",
    path: "/api/v1/announcements/{id}/read",
    id: "readAnnouncement",
    summary: "Mark an active announcement read",
    tag,
    auth: "user",
    params: announcementIdParams,
    data: announcementMarkResultSchema,
    message: "Announcement marked read",
  },
  async ({ db, caller, user, params }) => ({
    data: await markAnnouncement(db, { tenantId: caller.tenantId, userId: user.id }, params.id, "read"),
  }),
);

const dismiss = endpoint(
  {
    method: "post",
    path: "/api/v1/announcements/{id}/dismiss",
    id: "dismissAnnouncement",
    summary: "Dismiss an active announcement",
    description: "It counts as read and no longer shows for the caller.",
    tag,
    auth: "user",
    params: announcementIdParams,
    data: announcementMarkResultSchema,
    message: "Announcement dismissed",
  },
  async ({ db, caller, user, params }) => ({
    data: await markAnnouncement(db, { tenantId: caller.tenantId, userId: user.id }, params.id, "dismiss"),
  }),
);

const stats = endpoint(
  {
    method: "get",
    path: "/api/v1/announcements/{id}/stats",
    id: "getAnnouncementStats",
    summary: "An announcement's read figures",
    description:
      "How many people in its audience have read (or dismissed) it, out of how many are in the audience now.",
    tag,
    auth: "service",
    scope: "announcements:read",
    params: announcementIdParams,
    data: announcementStatsSchema,
  },
  async ({ db, caller, params }) => ({ data: await announcementStats(db, caller.tenantId, params.id) }),
);

export const announcementsEndpoints: Endpoint[] = [
  list,
  create,
  active,
  getOne,
  update,
  remove,
  publish,
  archive,
  read,
  dismiss,
  stats,
];
