// Request schema of POST /api/v1/users/{user_id}/token, here (not in the route file) so the OpenAPI
// document can import the very schema the handler validates with.
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
