import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { templateIdParams, templateUpdateSchema } from "@/lib/templates/schema";
import { deleteTemplate, findTemplate, templateJson, updateTemplate } from "@/lib/templates/store";

export const GET = route(
  { auth: "service", scope: "templates:read", params: templateIdParams },
  async ({ caller, params }) => {
    return ok(templateJson(await findTemplate(getDb(), caller.tenantId, params.template_id)));
  },
);

export const PUT = route(
  { auth: "service", scope: "templates:write", params: templateIdParams, body: templateUpdateSchema },
  async ({ caller, params, body }) => {
    const row = await updateTemplate(getDb(), caller.tenantId, params.template_id, body, actorOf(caller));
    return ok(templateJson(row), "Template saved");
  },
);

export const DELETE = route(
  { auth: "service", scope: "templates:write", params: templateIdParams },
  async ({ caller, params }) => {
    await deleteTemplate(getDb(), caller.tenantId, params.template_id, actorOf(caller));
    return ok(null, "Template deleted");
  },
);
