import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { recallNotification } from "@/lib/notifications/lifecycle";
import { idParams } from "@/lib/notifications/schema";
import { notificationJson } from "@/lib/notifications/serialize";

export const POST = route(
  { auth: "service", scope: "notifications:send", params: idParams },
  async ({ caller, params }) => {
    const row = await recallNotification(getDb(), caller.tenantId, params.id, actorOf(caller));
    return ok({ notification: notificationJson(row) }, "Notification recalled");
  },
);
