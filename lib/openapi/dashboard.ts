// OpenAPI path of the console dashboard; document.ts merges it in with its `op` helper.
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from "zod-openapi";
import { dashboardQuery, dashboardSchema } from "../dashboard/schema";
import type { Op } from "./document";

export function dashboardPaths(op: (o: Op) => ZodOpenApiOperationObject, tag: string): ZodOpenApiPathsObject {
  return {
    "/api/v1/admin/dashboard": {
      get: op({
        id: "getDashboard",
        summary: "Delivery health: today's figures, sends per channel, success per channel and provider",
        description:
          "Today's cards (from midnight in `tz`), sends per channel in 24 hourly or 14 daily buckets, delivery success rates per channel and per provider over the same window, and the top failure reasons.",
        tag,
        auth: "admin",
        query: dashboardQuery,
        data: dashboardSchema,
      }),
    },
  };
}
