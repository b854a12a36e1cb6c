import { actorOf } from "@/lib/auth/caller";
import { deleteAnnouncement, getAnnouncement, updateAnnouncement } from "@/lib/announcements/lifecycle";
import { announcementIdParams, announcementUpdateSchema } from "@/lib/announcements/schema";
import { announcementJson } from "@/lib/announcements/serialize";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const GET = route(
  { auth: "service", scope: "announcements:read", params: announcementIdParams },
  async ({ caller, params }) => {
    return ok(announcementJson(await getAnnouncement(getDb(), caller.tenantId, params.id)));
  },
);

export const PUT = route(
  {
    auth: "service",
    scope: "notifications:send",
    params: announcementIdParams,
    body: announcementUpdateSchema,
  },
  async ({ caller, params, body }) => {
    const row = await updateAnnouncement(getDb(), caller.tenantId, params.id, body, actorOf(caller));
    return ok(announcementJson(row), "Announcement updated");
  },
);

export const DELETE = route(
  { auth: "service", scope: "notifications:send", params: announcementIdParams },
  async ({ caller, params }) => {
    await deleteAnnouncement(getDb(), caller.tenantId, params.id, actorOf(caller));
    return ok(null, "Announcement deleted");
  },
);
