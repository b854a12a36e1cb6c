import { activeAnnouncements } from "@/lib/announcements/inbox";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "user" }, async ({ caller, user }) => {
  return ok(await activeAnnouncements(getDb(), { tenantId: caller.tenantId, userId: user.id }));
});
