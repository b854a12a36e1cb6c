import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { ownerOf } from "@/lib/notifications/access";
import { changeNotifications } from "@/lib/notifications/inbox";

export const POST = route({ auth: "user" }, async ({ caller }) => {
  const changed = await changeNotifications(getDb(), ownerOf(caller), "read");
  return ok({ updated: changed.length }, "All notifications marked as read");
});
