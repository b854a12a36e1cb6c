// Request and response schemas of POST /api/v1/users/{user_id}/token.
import { z } from "zod";
import { MAX_TTL_SECONDS } from "./subscriber-token";

export const subscriberTokenRequestSchema = z.strictObject({
  ttl_seconds: z
    .number({ message: "must be a whole number of seconds" })
    .int({ message: "must be a whole number of seconds" })
    .min(60, { message: "must be at least 60" })
    .max(MAX_TTL_SECONDS, { message: `must be at most ${MAX_TTL_SECONDS} (30 days)` })
    .optional(),
});

export const subscriberTokenSchema = z.object({
  token: z.string().meta({ description: "Send as `Authorization: Bearer <token>` from the browser" }),
  expires_at: z.iso.datetime({ offset: true }),
});
