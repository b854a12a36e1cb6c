import { actorOf } from "@/lib/auth/caller";
import { createAnnouncement, listAnnouncements } from "@/lib/announcements/lifecycle";
import { announcementCreateSchema, announcementListQuery } from "@/lib/announcements/schema";
import { announcementJson } from "@/lib/announcements/serialize";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const GET = route(
  { auth: "service", scope: "announcements:read", query: announcementListQuery },
  async ({ caller, query }) => {
    const { rows, ...page } = await listAnnouncements(getDb(), caller.tenantId, query);
    return ok({ announcements: rows.map(announcementJson), ...page });
  },
);

export const POST = route(
  { auth: "service", scope: "notifications:send", body: announcementCreateSchema },
  async ({ caller, body }) => {
    const row = await createAnnouncement(getDb(), caller.tenantId, body, actorOf(caller));
    return ok(announcementJson(row), "Announcement created", 201);
  },
);
