// Request schemas of /api/v1/api-keys, here (not in the route file) so the OpenAPI document can
// import the very schema the handler validates with.
import { z } from "zod";
import { apiKeyScopes } from "./scopes";

const name = z
  .string()
  .min(1, { message: "must not be empty" })
  .max(100, { message: "must be at most 100 characters" });
const scopes = z
  .array(z.enum(apiKeyScopes, { message: `must be one of ${apiKeyScopes.join(", ")}` }))
  .min(1, { message: "must name at least one scope" })
  .transform((list) => [...new Set(list)]);

export const apiKeyCreateSchema = z.strictObject({
  name,
  scopes,
  expires_at: z.iso.datetime({ offset: true, message: "must be an RFC 3339 date-time" }).optional(),
});

export const apiKeyUpdateSchema = z
  .strictObject({ name: name.optional(), scopes: scopes.optional() })
  .refine((v) => v.name !== undefined || v.scopes !== undefined, {
    message: "must change name or scopes",
    path: ["scopes"],
  });

export const apiKeyIdParams = z.object({ id: z.uuid({ message: "must be an API key id" }) });
