import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { previewTemplate } from "@/lib/templates/render";
import { previewSchema, templateIdParams } from "@/lib/templates/schema";

export const POST = route(
  { auth: "service", scope: "templates:read", params: templateIdParams, body: previewSchema },
  async ({ caller, params, body }) => {
    return ok(await previewTemplate(getDb(), caller.tenantId, params.template_id, body));
  },
);
