import { z } from "zod";
import { actorOf } from "@/lib/auth/caller";
import { apiKeyJson, createApiKey, listApiKeys } from "@/lib/auth/api-key-store";
import { getDb } from "@/lib/db/client";
import { apiKeyScopes } from "@/lib/db/schema";
import { badRequest } from "@/lib/http/errors";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";

const createBody = z.strictObject({
  name: z
    .string()
    .min(1, { message: "must not be empty" })
    .max(100, { message: "must be at most 100 characters" }),
  scopes: z.array(z.enum(apiKeyScopes)).min(1, { message: "must name at least one scope" }),
  expires_at: z.iso.datetime({ offset: true, message: "must be an RFC 3339 date-time" }).optional(),
});

export const GET = route({ auth: "admin" }, async ({ caller }) => {
  const keys = await listApiKeys(getDb(), caller.tenantId);
  return ok({ api_keys: keys.map(apiKeyJson) });
});

export const POST = route({ auth: "admin", body: createBody }, async ({ caller, body }) => {
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
