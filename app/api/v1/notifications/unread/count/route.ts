import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { ownerOf } from "@/lib/notifications/access";
import { unreadCount } from "@/lib/notifications/inbox";

export const GET = route({ auth: "user" }, async ({ caller }) => {
  return ok({ unread_count: await unreadCount(getDb(), ownerOf(caller)) });
});
