// Request and response schemas of the outbound webhook endpoints API.
import { z } from "zod";
import { pageQuery } from "../http/validation";
import { isWebhookEventType, webhookEventTypes } from "../vocabulary/webhook-events";

const dateTime = z.iso.datetime({ offset: true });

const eventTypesSchema = z
  .array(
    z.string().refine(isWebhookEventType, {
      message: `is not an event type (one of ${webhookEventTypes.join(", ")})`,
    }),
  )
  .min(1, { message: "must name at least one event type, or be null for all" })
  .max(webhookEventTypes.length)
  .nullable()
  .meta({ description: "The event types it receives; null (or omitted): every type, present and future" });

export const webhookEndpointCreateSchema = z.strictObject({
  url: z.string().min(1).max(2048).meta({ description: "An https URL on a public address" }),
  description: z.string().max(500).default(""),
  event_types: eventTypesSchema.default(null),
  enabled: z.boolean().default(true),
});
export type WebhookEndpointCreateInput = z.infer<typeof webhookEndpointCreateSchema>;

export const webhookEndpointUpdateSchema = z.strictObject({
  url: z.string().min(1).max(2048).optional(),
  description: z.string().max(500).optional(),
  event_types: eventTypesSchema.optional(),
  enabled: z.boolean().optional(),
});
export type WebhookEndpointUpdateInput = z.infer<typeof webhookEndpointUpdateSchema>;

export const webhookEndpointIdParams = z.object({ id: z.uuid({ message: "must be a UUID" }) });
export const webhookMessageParams = z.object({
  id: z.uuid({ message: "must be a UUID" }),
  message_id: z.string().regex(/^msg_[\w-]{1,64}$/, { message: "must be a message id (msg_…)" }),
});

export const webhookEndpointSchema = z
  .object({
    id: z.uuid(),
    url: z.string(),
    description: z.string(),
    event_types: z.array(z.string()).nullable(),
    enabled: z.boolean(),
    disabled_reason: z.string().nullable().meta({
      description: "Why Herald disabled it (deliveries failing for 3 days); null otherwise",
    }),
    previous_secret_expires_at: dateTime.nullable().meta({
      description: "Until then the secret a rotation replaced still signs alongside the new one",
    }),
    failing_since: dateTime.nullable(),
    last_success_at: dateTime.nullable(),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .meta({ id: "WebhookEndpoint" });

/** The answer of create and rotate: the only time the secret is shown. */
export const webhookEndpointWithSecretSchema = z
  .object({
    endpoint: webhookEndpointSchema,
    secret: z.string().meta({
      description: "The signing secret (whsec_…, Standard Webhooks): shown once, store it now",
    }),
  })
  .meta({ id: "WebhookEndpointWithSecret" });

export const webhookAttemptsQuery = z.strictObject({
  page_size: pageQuery.page_size,
  cursor: z.string().max(200).optional(),
});
export type WebhookAttemptsQuery = z.infer<typeof webhookAttemptsQuery>;

export const webhookAttemptSchema = z
  .object({
    id: z.uuid(),
    message_id: z.string().meta({ description: "The `webhook-id` header: the same on every attempt" }),
    event_type: z.string(),
    attempt: z.number().int(),
    response_status: z.number().int().nullable(),
    duration_ms: z.number().int(),
    error: z.string().nullable(),
    response_body: z.string().nullable().meta({ description: "The start of the answer (truncated)" }),
    message_status: z.enum(["pending", "succeeded", "failed", "cancelled"]),
    created_at: dateTime,
  })
  .meta({ id: "WebhookAttempt" });

export const webhookAttemptPageSchema = z.object({
  attempts: z.array(webhookAttemptSchema),
  next_cursor: z
    .string()
    .nullable()
    .meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
});

export const webhookMessageSchema = z
  .object({
    id: z.string(),
    event_type: z.string(),
    status: z.enum(["pending", "succeeded", "failed", "cancelled"]),
    attempts: z.number().int(),
  })
  .meta({ id: "WebhookMessage" });
