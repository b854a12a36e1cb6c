// Notifications: send, list, inbox states (read, seen, archived, snoozed), recall and cancel, the send log and its exports.
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import {
  csvResponse,
  deliveriesOf,
  deliveryExportQuery,
  deliveryDetailSchema,
  deliveryListQuery,
  deliveryPageSchema,
  deliverySchema,
  exportDeliveriesCsv,
  exportNotificationsCsv,
  getDelivery,
  listDeliveries,
  notificationExportQuery,
} from "../../delivery/logs";
import { interactionResultSchema, interactionSchema, markInteracted } from "../../engagement/interactions";
import { notFound } from "../../errors";
import { readIdempotencyKey } from "../../http/idempotency";
import { pageOf } from "../../http/validation";
import { idempotencyScope, ownerOf, readScope } from "../../notifications/access";
import {
  batchMark,
  batchMarkResultSchema,
  changeAll,
  changeNotifications,
  groupPageSchema,
  listNotificationGroups,
  listNotifications,
  markGroupRead,
  getNotification,
  tenantStats,
  tenantStatsSchema,
  unreadCount,
  userStats,
  userStatsSchema,
} from "../../notifications/inbox";
import {
  batchCancelResultSchema,
  batchSummary,
  batchSummarySchema,
  cancelBatch,
  cancelNotification,
  recallNotification,
} from "../../notifications/lifecycle";
import {
  batchMarkSchema,
  batchParams,
  bulkChangeSchema,
  groupParams,
  snoozeSchema,
  idParams,
  listQuery,
  oneNotificationQuery,
  sendSchema,
  statsQuery,
} from "../../notifications/schema";
import { sendIdempotently, sendResultSchema } from "../../notifications/send";
import { snoozeNotification, unsnoozeNotification } from "../../notifications/snooze";
import { badgeModeOf } from "../../tenants/settings";
import { badgeModes, MAX_SNOOZE_DAYS } from "../../vocabulary/enums";
import {
  notificationJson,
  notificationPageSchema,
  oneNotificationSchema,
} from "../../notifications/serialize";
import { csvDownload, idempotencyHeader, TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.notifications;

const send = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications",
    id: "sendNotifications",
    summary: "Send a notification to up to 10 000 users",
    description:
      "Writes one notification per distinct recipient (unknown user ids are created). Give `title`, `content` and `type`, or a `template_code` with its `params` (rendered per recipient; `type` and `channels` default to the template's; an unknown or inactive template, or a missing required variable, is a 400). A future `schedule_at` holds the batch until then.",
    tag,
    auth: "service",
    scope: "notifications:send",
    header: idempotencyHeader,
    body: sendSchema,
    data: sendResultSchema,
    message: "Notifications sent successfully",
    errors: [409, 422],
    response: {
      headers: z.object({
        "Idempotent-Replayed": z
          .literal("true")
          .optional()
          .meta({ description: "Present when this is the stored response of an earlier request" }),
      }),
    },
  },
  async ({ db, caller, body, req, url }) => {
    const sender = {
      tenantId: caller.tenantId,
      apiKeyId: caller.kind === "api_key" ? caller.apiKey.id : null,
      callerScope: idempotencyScope(caller),
      actor: actorOf(caller),
    };
    const outcome = await sendIdempotently(db, sender, body, readIdempotencyKey(req.headers), url.pathname);
    // The stored envelope is answered as it was first written, replay or not.
    return Response.json(outcome.body, {
      status: outcome.status,
      headers: outcome.replayed ? { "Idempotent-Replayed": "true" } : undefined,
    });
  },
);

const list = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications",
    id: "listNotifications",
    summary: "List notifications",
    description:
      "Offset pages by default (`page`, `page_size`); give `cursor` (an empty one for the first page) for keyset pages that stay stable while new notifications arrive. With `grouped=true` (a user's own list) the answer is keyset pages of groups instead (`groups`, `next_cursor`).",
    tag,
    auth: "any",
    query: listQuery,
    data: z.union([notificationPageSchema, groupPageSchema]),
  },
  async ({ db, caller, query }) => {
    const scope = readScope(caller, query.scope);
    if (query.grouped) return { data: await listNotificationGroups(db, scope, query) };
    const page = await listNotifications(db, scope, query);
    const notifications = page.rows.map(notificationJson);
    if (query.cursor !== undefined)
      return { data: { notifications, page_size: query.page_size, next_cursor: page.nextCursor } };
    return {
      data: {
        notifications,
        ...pageOf(page.total!, query.page, query.page_size),
        next_cursor: page.nextCursor,
      },
    };
  },
);

const getOne = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/{id}",
    id: "getNotification",
    summary: "Get one notification",
    tag,
    auth: "any",
    params: idParams,
    query: oneNotificationQuery,
    data: oneNotificationSchema,
  },
  async ({ db, caller, params, query }) => {
    const row = await getNotification(db, readScope(caller, query.scope), params.id);
    return { data: { notification: notificationJson(row) } };
  },
);

const remove = endpoint(
  {
    method: "delete",
    path: "/api/v1/notifications/{id}",
    id: "deleteNotification",
    summary: "Delete one of your notifications",
    tag,
    auth: "user",
    params: idParams,
    data: z.null(),
    message: "Notification deleted",
  },
  async ({ db, caller, params }) => {
    const changed = await changeNotifications(db, ownerOf(caller), "delete", [params.id]);
    if (changed.length === 0) throw notFound("Notification not found");
    return { data: null };
  },
);

const markDescriptions: Record<"read" | "unread" | "seen" | "archive" | "unarchive", [string, string]> = {
  read: ["Mark a notification read", "Also marks it seen."],
  unread: ["Mark a notification unread", ""],
  seen: ["Mark a notification seen", "Seen: shown to the user (in the bell), not necessarily read."],
  archive: [
    "Archive a notification",
    "It leaves the default list and the badge, and is listed with `view=archived`; ends a snooze. Sends `notification.archived` to webhooks.",
  ],
  unarchive: ["Move an archived notification back to the inbox", ""],
};

/** PUT read / unread / seen / archive / unarchive: the same shape, one state each. */
function markOne(action: "read" | "unread" | "seen" | "archive" | "unarchive", id: string) {
  const [summary, more] = markDescriptions[action];
  return endpoint(
    {
      method: "put",
      path: `/api/v1/notifications/{id}/${action}`,
      id,
      summary,
      description: `${more ? `${more} ` : ""}Idempotent: asking again changes nothing. Live clients get \`notification:updated\`.`,
      tag,
      auth: "user",
      params: idParams,
      data: oneNotificationSchema,
    },
    async ({ db, caller, params }) => {
      const owner = ownerOf(caller);
      await getNotification(db, owner, params.id); // 404 unless it is the caller's
      await changeNotifications(db, owner, action, [params.id]);
      return { data: { notification: notificationJson(await getNotification(db, owner, params.id)) } };
    },
  );
}

const markRead = markOne("read", "markNotificationRead");
const markUnread = markOne("unread", "markNotificationUnread");
const markSeen = markOne("seen", "markNotificationSeen");
const archive = markOne("archive", "archiveNotification");
const unarchive = markOne("unarchive", "unarchiveNotification");

const snooze = endpoint(
  {
    method: "put",
    path: "/api/v1/notifications/{id}/snooze",
    id: "snoozeNotification",
    summary: "Snooze a notification until a time",
    description: `Hidden from lists (but \`view=snoozed\`) and the badge until \`until\` (in the future, at most ${MAX_SNOOZE_DAYS} days ahead); then it comes back on top, unread, live on every connected client. Snoozing again moves the time.`,
    tag,
    auth: "user",
    params: idParams,
    body: snoozeSchema,
    data: oneNotificationSchema,
  },
  async ({ db, caller, params, body }) => {
    const row = await snoozeNotification(db, ownerOf(caller), params.id, new Date(body.until));
    return { data: { notification: notificationJson(row) } };
  },
);

const unsnooze = endpoint(
  {
    method: "put",
    path: "/api/v1/notifications/{id}/unsnooze",
    id: "unsnoozeNotification",
    summary: "End a snooze now",
    description: "The notification comes back on top, unread. Not snoozed: nothing changes.",
    tag,
    auth: "user",
    params: idParams,
    data: oneNotificationSchema,
  },
  async ({ db, caller, params }) => {
    const row = await unsnoozeNotification(db, ownerOf(caller), params.id);
    return { data: { notification: notificationJson(row) } };
  },
);

const markInteractedOne = endpoint(
  {
    method: "put",
    path: "/api/v1/notifications/{id}/interacted",
    id: "markNotificationInteracted",
    summary: "Record a click on a notification's action",
    description:
      "Call it when the user follows the notification's action link or clicks one of its `actions` (give its `action_id`; one the notification does not have is a 400): the first call records `interacted_at`, which counts as a click in the dashboard's per-template click rate, and later calls answer the first time. Every call with an `action_id` sends the `notification.interacted` webhook event and writes an audit entry.",
    tag,
    auth: "user",
    params: idParams,
    body: interactionSchema,
    data: interactionResultSchema,
  },
  async ({ db, caller, params, body }) => {
    const { interactedAt } = await markInteracted(db, ownerOf(caller), params.id, body);
    return { data: { interacted_at: interactedAt.toISOString() } };
  },
);

const deliveriesOfOne = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/{id}/deliveries",
    id: "listNotificationDeliveries",
    summary: "The send log of one notification: one row per external channel",
    tag,
    auth: "service",
    scope: "notifications:read",
    params: idParams,
    data: z.object({ deliveries: z.array(deliverySchema) }),
  },
  async ({ db, caller, params }) => {
    await getNotification(db, { tenantId: caller.tenantId }, params.id); // 404 for another tenant's
    return { data: { deliveries: await deliveriesOf(db, caller.tenantId, params.id) } };
  },
);

const deliveryList = endpoint(
  {
    method: "get",
    path: "/api/v1/deliveries",
    id: "listDeliveries",
    summary: "The send log: deliveries by channel, status, provider, user, notification and time",
    description: "Newest first; keyset pages with `cursor` / `next_cursor`.",
    tag,
    auth: "service",
    scope: "notifications:read",
    query: deliveryListQuery,
    data: deliveryPageSchema,
  },
  async ({ db, caller, query }) => ({ data: await listDeliveries(db, caller.tenantId, query) }),
);

const deliveryGet = endpoint(
  {
    method: "get",
    path: "/api/v1/deliveries/{id}",
    id: "getDelivery",
    summary: "One delivery of the send log, with each provider attempt",
    description: "`attempts` lists every provider call: which provider of the chain, how it ended and why.",
    tag,
    auth: "service",
    scope: "notifications:read",
    params: z.object({ id: z.uuid({ message: "must be a delivery id" }) }),
    data: deliveryDetailSchema,
  },
  async ({ db, caller, params }) => ({ data: await getDelivery(db, caller.tenantId, params.id) }),
);

const recall = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/{id}/recall",
    id: "recallNotification",
    summary: "Recall a sent notification",
    tag,
    auth: "service",
    scope: "notifications:send",
    params: idParams,
    data: oneNotificationSchema,
    message: "Notification recalled",
    errors: [409],
  },
  async ({ db, caller, params }) => {
    const row = await recallNotification(db, caller.tenantId, params.id, actorOf(caller));
    return { data: { notification: notificationJson(row) } };
  },
);

const cancel = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/{id}/cancel",
    id: "cancelNotification",
    summary: "Cancel a scheduled notification",
    tag,
    auth: "service",
    scope: "notifications:send",
    params: idParams,
    data: oneNotificationSchema,
    message: "Notification cancelled",
    errors: [409],
  },
  async ({ db, caller, params }) => {
    const row = await cancelNotification(db, caller.tenantId, params.id, actorOf(caller));
    return { data: { notification: notificationJson(row) } };
  },
);

const markMany = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/batch-mark",
    id: "batchMarkNotifications",
    summary: "Mark up to 1000 notifications read, unread, seen, archived or unarchived, or delete them",
    tag,
    auth: "user",
    body: batchMarkSchema,
    data: batchMarkResultSchema,
  },
  async ({ db, caller, body }) => ({
    data: await batchMark(db, ownerOf(caller), body.action, body.notification_ids),
  }),
);

const readGroup = endpoint(
  {
    method: "put",
    path: "/api/v1/notifications/groups/{group_key}/read",
    id: "markNotificationGroupRead",
    summary: "Mark a group of your notifications read",
    description:
      "Every notification of your default inbox with this `group_key`. Live clients get `notification:updated` for each and the new unread count. A key you have no notification under is a 404.",
    tag,
    auth: "user",
    params: groupParams,
    data: z.object({ updated: z.number().int() }),
  },
  async ({ db, caller, params }) => ({
    data: { updated: await markGroupRead(db, ownerOf(caller), params.group_key) },
  }),
);

const readAll = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/read-all",
    id: "markAllNotificationsRead",
    summary: "Mark all your notifications read",
    tag,
    auth: "user",
    data: z.object({ updated: z.number().int() }),
    message: "All notifications marked as read",
  },
  async ({ db, caller }) => {
    const changed = await changeNotifications(db, ownerOf(caller), "read");
    return { data: { updated: changed.length } };
  },
);

const seenAll = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/seen-all",
    id: "markAllNotificationsSeen",
    summary: "Mark all your notifications seen (the bell was opened)",
    tag,
    auth: "user",
    data: z.object({ updated: z.number().int() }),
  },
  async ({ db, caller }) => {
    const changed = await changeNotifications(db, ownerOf(caller), "seen");
    return { data: { updated: changed.length } };
  },
);

/** delete-all / archive-all: one statement over the caller's own notifications of a view. */
function changeAllEndpoint(change: "delete" | "archive", id: string, summary: string) {
  return endpoint(
    {
      method: "post",
      path: `/api/v1/notifications/${change}-all`,
      id,
      summary,
      description:
        "Only the caller's own notifications, those of `view` (default the inbox) and, when given, of `type` and `priority`.",
      tag,
      auth: "user",
      body: bulkChangeSchema,
      data: z.object({ updated: z.number().int() }),
    },
    async ({ db, caller, body }) => ({
      data: { updated: await changeAll(db, ownerOf(caller), change, body) },
    }),
  );
}

const deleteAll = changeAllEndpoint("delete", "deleteAllNotifications", "Delete all your notifications");
const archiveAll = changeAllEndpoint("archive", "archiveAllNotifications", "Archive all your notifications");

const countUnread = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/unread/count",
    id: "countUnreadNotifications",
    summary: "Count your unread notifications (the badge)",
    description:
      "Archived and snoozed notifications do not count. By the tenant's `badge` setting the count is of unread (default) or of unseen notifications; `badge` says which.",
    tag,
    auth: "user",
    data: z.object({ unread_count: z.number().int(), badge: z.enum(badgeModes) }),
  },
  async ({ db, caller }) => {
    const owner = ownerOf(caller);
    const [count, badge] = await Promise.all([unreadCount(db, owner), badgeModeOf(db, owner.tenantId)]);
    return { data: { unread_count: count, badge } };
  },
);

const stats = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/stats",
    id: "notificationStats",
    summary: "Notification figures",
    description:
      "An end user gets their own figures; a service or an admin with `scope=tenant` the tenant's.",
    tag,
    auth: "any",
    query: statsQuery,
    data: z.union([userStatsSchema, tenantStatsSchema]),
  },
  async ({ db, caller, query }) => {
    const scope = readScope(caller, query.scope);
    if (scope.userId)
      return { data: await userStats(db, { tenantId: scope.tenantId, userId: scope.userId }) };
    const range = {
      from: query.from ? new Date(query.from) : undefined,
      to: query.to ? new Date(query.to) : undefined,
    };
    return { data: await tenantStats(db, scope.tenantId, range) };
  },
);

const getBatch = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/batches/{batch_id}",
    id: "getNotificationBatch",
    summary: "A send's progress: its notifications counted by status",
    description: "`batch_id` is what `POST /api/v1/notifications` answered. Another tenant's batch is a 404.",
    tag,
    auth: "service",
    scope: "notifications:send",
    params: batchParams,
    data: batchSummarySchema,
  },
  async ({ db, caller, params }) => ({ data: await batchSummary(db, caller.tenantId, params.batch_id) }),
);

const cancelWholeBatch = endpoint(
  {
    method: "post",
    path: "/api/v1/notifications/batches/{batch_id}/cancel",
    id: "cancelNotificationBatch",
    summary: "Cancel a whole scheduled send",
    description:
      "Cancels every still-pending notification of the batch and their queued deliveries, as `POST /api/v1/notifications/{id}/cancel` does for one; notifications already released are left alone and counted in `already_sent`. Writes one audit entry (`notification.batch_cancelled`). 409 when nothing is left pending.",
    tag,
    auth: "service",
    scope: "notifications:send",
    params: batchParams,
    data: batchCancelResultSchema,
    message: "Scheduled send cancelled",
    errors: [409],
  },
  async ({ db, caller, params }) => ({
    data: await cancelBatch(db, caller.tenantId, params.batch_id, actorOf(caller)),
  }),
);

// The exports stream the whole filtered log page by page (formula-safe CSV, lib/csv.ts).
const exportDeliveries = endpoint(
  {
    method: "get",
    path: "/api/v1/deliveries/export",
    id: "exportDeliveries",
    summary: "Export the send log as CSV",
    description: "Every delivery matching the filters of `GET /api/v1/deliveries`, newest first, streamed.",
    tag,
    auth: "service",
    scope: "notifications:read",
    query: deliveryExportQuery,
    data: z.string(),
    response: csvDownload("The deliveries"),
  },
  async ({ db, caller, query }) => csvResponse(exportDeliveriesCsv(db, caller.tenantId, query), "deliveries"),
);

const exportNotifications = endpoint(
  {
    method: "get",
    path: "/api/v1/notifications/export",
    id: "exportNotifications",
    summary: "Export the tenant's notifications as CSV",
    description:
      "Every notification matching the filters of the tenant-wide `GET /api/v1/notifications`, newest first, streamed.",
    tag,
    auth: "service",
    scope: "notifications:read",
    query: notificationExportQuery,
    data: z.string(),
    response: csvDownload("The notifications"),
  },
  async ({ db, caller, query }) =>
    csvResponse(exportNotificationsCsv(db, caller.tenantId, query), "notifications"),
);

export const notificationsEndpoints: Endpoint[] = [
  send,
  list,
  getOne,
  remove,
  markRead,
  markUnread,
  markSeen,
  archive,
  unarchive,
  snooze,
  unsnooze,
  markInteractedOne,
  deliveriesOfOne,
  deliveryList,
  recall,
  cancel,
  markMany,
  readGroup,
  readAll,
  seenAll,
  deleteAll,
  archiveAll,
  countUnread,
  stats,
  getBatch,
  cancelWholeBatch,
  exportDeliveries,
  exportNotifications,
  // After /deliveries/export, which it would take for an id.
  deliveryGet,
];
