import { audit } from "@/lib/audit";
import { actorOf } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { DEFAULT_TTL_SECONDS, issueSubscriberToken } from "@/lib/auth/subscriber-token";
import { subscriberTokenRequestSchema } from "@/lib/auth/subscriber-token-schema";
import { userIdParams } from "@/lib/users/schema";

export const POST = route(
  { auth: "service", scope: "tokens:mint", params: userIdParams, body: subscriberTokenRequestSchema },
  async ({ caller, params, body }) => {
    const { token, expiresAt } = await issueSubscriberToken(
      getDb(),
      caller.tenantId,
      params.user_id,
      body.ttl_seconds,
      { apiKeyId: caller.kind === "api_key" ? caller.apiKey.id : null }, // the token dies with the key
    );
    // A token is a credential for that user: who minted one, for whom and for how long, is on record.
    await audit(
      getDb(),
      caller.tenantId,
      actorOf(caller),
      "token.minted",
      { type: "user", id: params.user_id },
      {
        ttl_seconds: body.ttl_seconds ?? DEFAULT_TTL_SECONDS,
        api_key_id: caller.kind === "api_key" ? caller.apiKey.id : null,
        expires_at: expiresAt.toISOString(),
      },
    );
    return ok({ token, expires_at: expiresAt.toISOString() });
  },
);
