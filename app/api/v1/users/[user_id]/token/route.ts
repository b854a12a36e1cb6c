import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { issueSubscriberToken } from "@/lib/auth/subscriber-token";
import { subscriberTokenRequestSchema } from "@/lib/auth/subscriber-token-schema";
import { userIdParams } from "@/lib/users/schema";

export const POST = route(
  { auth: "service", params: userIdParams, body: subscriberTokenRequestSchema },
  async ({ caller, params, body }) => {
    const { token, expiresAt } = await issueSubscriberToken(
      getDb(),
      caller.tenantId,
      params.user_id,
      body.ttl_seconds,
    );
    return ok({ token, expires_at: expiresAt.toISOString() });
  },
);
