import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { ownerOf } from "@/lib/notifications/access";
import { batchMark } from "@/lib/notifications/inbox";
import { batchMarkSchema } from "@/lib/notifications/schema";

export const POST = route({ auth: "user", body: batchMarkSchema }, async ({ caller, body }) => {
  return ok(await batchMark(getDb(), ownerOf(caller), body.action, body.notification_ids));
});
