import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { versionParams } from "@/lib/templates/schema";
import { getVersion, templateVersionJson } from "@/lib/templates/store";

export const GET = route(
  { auth: "service", scope: "templates:read", params: versionParams },
  async ({ caller, params }) => {
    const row = await getVersion(getDb(), caller.tenantId, params.template_id, params.version);
    return ok(templateVersionJson(row));
  },
);
