// OpenAPI path of an announcement's read figures; document.ts merges it in with its `op` helper.
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { announcementIdParams } from "../announcements/schema";
import { announcementStatsSchema } from "../announcements/stats";
import { ANNOUNCEMENTS_TAG } from "./announcements";
import type { Op } from "./document";

export function announcementStatsPaths(op: (o: Op) => ZodOpenApiOperationObject): ZodOpenApiPathsObject {
  return {
    "/api/v1/announcements/{id}/stats": {
      get: op({
        id: "getAnnouncementStats",
        summary: "An announcement's read figures",
        description:
          "How many people in its audience have read (or dismissed) it, out of how many are in the audience now.",
        tag: ANNOUNCEMENTS_TAG,
        auth: "service",
        scope: "announcements:read",
        params: announcementIdParams,
        data: announcementStatsSchema,
      }),
    },
  };
}
