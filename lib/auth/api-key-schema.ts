// Request and response schemas of /api/v1/api-keys (pure: the console imports them too).
import { z } from "zod";
import { apiKeyScopes } from "../vocabulary/scopes";

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

const dateTime = z.iso.datetime({ offset: true });

export const apiKeySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    prefix: z.string().meta({ description: "The first characters of the key, to recognise it" }),
    scopes: z.array(z.enum(apiKeyScopes)),
    is_super: z
      .boolean()
      .meta({ description: "The operator's key (HERALD_API_KEY): its scopes cannot be changed" }),
    created_at: dateTime,
    last_used_at: dateTime.nullable(),
    expires_at: dateTime.nullable(),
    revoked_at: dateTime.nullable(),
  })
  .meta({ id: "ApiKey" });

export const newApiKeySchema = apiKeySchema
  .extend({ key: z.string().meta({ description: "The secret key: shown this once only" }) })
  .meta({ id: "NewApiKey" });
