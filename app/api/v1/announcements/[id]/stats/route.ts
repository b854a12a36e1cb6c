import { announcementIdParams } from "@/lib/announcements/schema";
import { announcementStats } from "@/lib/announcements/stats";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const GET = route(
  { auth: "service", scope: "announcements:read", params: announcementIdParams },
  async ({ caller, params }) => {
    return ok(await announcementStats(getDb(), caller.tenantId, params.id));
  },
);
