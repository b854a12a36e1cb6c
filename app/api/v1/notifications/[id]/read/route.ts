import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { ownerOf } from "@/lib/notifications/access";
import { changeNotifications, getNotification } from "@/lib/notifications/inbox";
import { idParams } from "@/lib/notifications/schema";
import { notificationJson } from "@/lib/notifications/serialize";

/** Idempotent: marking a read notification read again succeeds and changes nothing. */
export const PUT = route({ auth: "user", params: idParams }, async ({ caller, params }) => {
  const owner = ownerOf(caller);
  await getNotification(getDb(), owner, params.id); // 404 unless it is the caller's
  await changeNotifications(getDb(), owner, "read", [params.id]);
  return ok({ notification: notificationJson(await getNotification(getDb(), owner, params.id)) });
});
