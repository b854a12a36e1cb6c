import { actorOf } from "@/lib/auth/caller";
import { archiveAnnouncement } from "@/lib/announcements/lifecycle";
import { announcementIdParams } from "@/lib/announcements/schema";
import { announcementJson } from "@/lib/announcements/serialize";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const POST = route(
  { auth: "service", scope: "notifications:send", params: announcementIdParams },
  async ({ caller, params }) => {
    const row = await archiveAnnouncement(getDb(), caller.tenantId, params.id, actorOf(caller));
    return ok(announcementJson(row), `Announcement ${row.status}`);
  },
);
