import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { templateIdParams } from "@/lib/templates/schema";
import { listVersions, templateVersionJson } from "@/lib/templates/store";

export const GET = route(
  { auth: "service", scope: "templates:read", params: templateIdParams },
  async ({ caller, params }) => {
    const rows = await listVersions(getDb(), caller.tenantId, params.template_id);
    return ok({ versions: rows.map(templateVersionJson) });
  },
);
