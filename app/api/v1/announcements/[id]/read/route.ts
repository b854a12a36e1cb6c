import { markAnnouncement } from "@/lib/announcements/inbox";
import { announcementIdParams } from "@/lib/announcements/schema";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const POST = route(
  { auth: "user", params: announcementIdParams },
  async ({ caller, user, params }) => {
    const result = await markAnnouncement(
      getDb(),
      { tenantId: caller.tenantId, userId: user.id },
      params.id,
      "read",
    );
    return ok(result, "Announcement marked read");
  },
);
