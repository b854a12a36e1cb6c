import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { getTenantSettings, tenantSettingsUpdateSchema, updateTenantSettings } from "@/lib/tenants/settings";

export const GET = route({ auth: "admin" }, async ({ caller }) =>
  ok(await getTenantSettings(getDb(), caller.tenantId)),
);

export const PUT = route({ auth: "admin", body: tenantSettingsUpdateSchema }, async ({ caller, body }) =>
  ok(await updateTenantSettings(getDb(), caller.tenantId, body, actorOf(caller))),
);
