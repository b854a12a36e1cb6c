import { actorOf } from "@/lib/auth/caller";
import { apiKeyJson } from "@/lib/auth/api-key-store";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { createTenant, tenantCreateSchema, tenantJson } from "@/lib/tenants/tenants";

export const POST = route({ auth: "super", body: tenantCreateSchema }, async ({ caller, body }) => {
  const { tenant, key, apiKey } = await createTenant(getDb(), body, actorOf(caller));
  return ok({ tenant: tenantJson(tenant), api_key: { ...apiKeyJson(apiKey), key } }, "Tenant created", 201);
});
