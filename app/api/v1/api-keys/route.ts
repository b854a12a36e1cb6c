import { actorOf } from "@/lib/auth/caller";
import { apiKeyCreateSchema } from "@/lib/auth/api-key-schema";
import { apiKeyJson, createApiKey, listApiKeys } from "@/lib/auth/api-key-store";
import { getDb } from "@/lib/db/client";
import { badRequest } from "@/lib/http/errors";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

export const GET = route({ auth: "admin" }, async ({ caller }) => {
  const keys = await listApiKeys(getDb(), caller.tenantId);
  return ok({ api_keys: keys.map(apiKeyJson) });
});

export const POST = route({ auth: "admin", body: apiKeyCreateSchema }, async ({ caller, body }) => {
  const expiresAt = body.expires_at ? new Date(body.expires_at) : null;
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw badRequest("Invalid expires_at", [{ field: "expires_at", message: "must be in the future" }]);
  }
  const { key, record } = await createApiKey(
    getDb(),
    caller.tenantId,
    {
      name: body.name,
      scopes: body.scopes,
      expiresAt,
      createdBy: caller.kind === "session" ? caller.user.id : null,
    },
    actorOf(caller),
  );
  // The only time the key is ever shown.
  return ok({ ...apiKeyJson(record), key }, "API key created", 201);
});
