import { apiKeyIdParams } from "@/lib/auth/api-key-schema";
import { actorOf } from "@/lib/auth/caller";
import { apiKeyJson, revokeApiKey } from "@/lib/auth/api-key-store";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const DELETE = route({ auth: "admin", params: apiKeyIdParams }, async ({ caller, params }) => {
  const key = await revokeApiKey(getDb(), caller.tenantId, params.id, actorOf(caller));
  return ok(apiKeyJson(key), "API key revoked");
});
