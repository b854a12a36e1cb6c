import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { pageOf } from "@/lib/http/validation";
import { templateCreateSchema, templateListQuery } from "@/lib/templates/schema";
import { createTemplate, listTemplates, templateJson } from "@/lib/templates/store";

export const GET = route(
  { auth: "service", scope: "templates:read", query: templateListQuery },
  async ({ caller, query }) => {
    const { rows, total } = await listTemplates(getDb(), caller.tenantId, query);
    return ok({ templates: rows.map(templateJson), ...pageOf(total, query.page, query.page_size) });
  },
);

export const POST = route(
  { auth: "service", scope: "templates:write", body: templateCreateSchema },
  async ({ caller, body }) => {
    const row = await createTemplate(getDb(), caller.tenantId, body, actorOf(caller));
    return ok(templateJson(row), "Template created", 201);
  },
);
