import { getDb } from "@/lib/db/client";
import { notFound } from "@/lib/http/errors";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { ownerOf, readScope } from "@/lib/notifications/access";
import { changeNotifications, getNotification } from "@/lib/notifications/inbox";
import { idParams, oneNotificationQuery } from "@/lib/notifications/schema";
import { notificationJson } from "@/lib/notifications/serialize";

export const GET = route(
  { auth: "any", params: idParams, query: oneNotificationQuery },
  async ({ caller, params, query }) => {
    const row = await getNotification(getDb(), readScope(caller, query.scope), params.id);
    return ok({ notification: notificationJson(row) });
  },
);

export const DELETE = route({ auth: "user", params: idParams }, async ({ caller, params }) => {
  const changed = await changeNotifications(getDb(), ownerOf(caller), "delete", [params.id]);
  if (changed.length === 0) throw notFound("Notification not found");
  return ok(null, "Notification deleted");
});
