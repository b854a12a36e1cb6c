import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { versionParams } from "@/lib/templates/schema";
import { restoreVersion, templateJson } from "@/lib/templates/store";

export const POST = route(
  { auth: "service", scope: "templates:write", params: versionParams },
  async ({ caller, params }) => {
    const row = await restoreVersion(
      getDb(),
      caller.tenantId,
      params.template_id,
      params.version,
      actorOf(caller),
    );
    return ok(templateJson(row), "Template version restored");
  },
);
