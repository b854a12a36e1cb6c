import { apiKeyIdParams, apiKeyUpdateSchema } from "@/lib/auth/api-key-schema";
import { actorOf } from "@/lib/auth/caller";
import { apiKeyJson, revokeApiKey, updateApiKey } from "@/lib/auth/api-key-store";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const DELETE = route({ auth: "admin", params: apiKeyIdParams }, async ({ caller, params }) => {
  const key = await revokeApiKey(getDb(), caller.tenantId, params.id, actorOf(caller));
  return ok(apiKeyJson(key), "API key revoked");
});

export const PATCH = route(
  { auth: "admin", params: apiKeyIdParams, body: apiKeyUpdateSchema },
  async ({ caller, params, body }) => {
    const key = await updateApiKey(getDb(), caller.tenantId, params.id, body, actorOf(caller));
    return ok(apiKeyJson(key), "API key updated");
  },
);
