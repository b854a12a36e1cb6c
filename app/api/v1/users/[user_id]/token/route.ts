import { z } from "zod";
import { getDb } from "@/lib/db/client";
import { ok } from "@/lib/http/envelope";
import { route } from "@/lib/http/route";
import { issueSubscriberToken, MAX_TTL_SECONDS } from "@/lib/auth/subscriber-token";
import { userIdParams } from "@/lib/users/schema";

const body = z.strictObject({
  ttl_seconds: z
    .number({ message: "must be a whole number of seconds" })
    .int({ message: "must be a whole number of seconds" })
    .min(60, { message: "must be at least 60" })
    .max(MAX_TTL_SECONDS, { message: `must be at most ${MAX_TTL_SECONDS} (30 days)` })
    .optional(),
});

export const POST = route(
  { auth: "service", params: userIdParams, body },
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
