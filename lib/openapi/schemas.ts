// Response shapes of the REST API for the OpenAPI document. The handlers build these objects in
// plain functions (notificationJson, userJson…), so the type checks at the bottom keep each schema
// equal to what its function returns: a changed field fails `npm run typecheck`.
import { z } from "zod";
import type { apiKeyJson } from "../auth/api-key-store";
import type { deliveryJson } from "../delivery/logs";
import {
  apiKeyScopes,
  deliveryStatuses,
  notificationChannels,
  notificationPriorities,
  notificationStatuses,
  notificationTypes,
  userRoles,
} from "../db/schema";
import type { batchMark, tenantStats, userStats } from "../notifications/inbox";
import type { SendResponseData } from "../notifications/send";
import type { NotificationJson } from "../notifications/serialize";
import type { tenantJson } from "../tenants/tenants";
import type { userJson } from "../users/service";

const dateTime = z.iso.datetime({ offset: true });
const counts = z.record(z.string(), z.number().int());

export const errorSchema = z
  .object({
    code: z.number().int().meta({ description: "The HTTP status, repeated", example: 400 }),
    message: z.string().meta({ example: "Invalid user_ids" }),
    errors: z
      .array(
        z.object({
          field: z.string().meta({ example: "user_ids" }),
          message: z.string().meta({ example: "must name at least one user" }),
        }),
      )
      .optional()
      .meta({ description: "One entry per invalid field (validation errors only)" }),
  })
  .meta({ id: "Error", description: "The error envelope" });

/** The success envelope around a response's `data`. */
export function envelope(data: z.ZodType, message = "Success") {
  return z.object({
    code: z.number().int().meta({ description: "The HTTP status, repeated", example: 200 }),
    message: z.string().meta({ example: message }),
    data,
  });
}

export const notificationSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int().meta({ description: "Position in the recipient's own stream" }),
    change_seq: z.number().int().meta({
      description:
        "Position of the latest change in the recipient's change stream; realtime clients resume after it",
    }),
    user_id: z.string().meta({ description: "The recipient, as your service identifies them" }),
    tenant_id: z.uuid(),
    title: z.string(),
    content: z.string(),
    type: z.enum(notificationTypes),
    priority: z.enum(notificationPriorities),
    status: z.enum(notificationStatuses),
    channels: z.array(z.enum(notificationChannels)),
    metadata: z.record(z.string(), z.unknown()),
    template_code: z.string().nullable(),
    batch_id: z.uuid().nullable().meta({ description: "Shared by every row of one send request" }),
    created_at: dateTime,
    scheduled_at: dateTime.nullable(),
    sent_at: dateTime.nullable(),
    read_at: dateTime.nullable(),
    seen_at: dateTime.nullable(),
    recalled_at: dateTime.nullable(),
  })
  .meta({ id: "Notification" });

export const oneNotificationSchema = z.object({ notification: notificationSchema });

export const notificationPageSchema = z
  .object({
    notifications: z.array(notificationSchema),
    total: z.number().int().optional().meta({ description: "Offset pages only (no `cursor` given)" }),
    page: z.number().int().optional().meta({ description: "Offset pages only" }),
    page_size: z.number().int(),
    total_pages: z.number().int().optional().meta({ description: "Offset pages only" }),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` for the next page; null on the last page" }),
  })
  .meta({ id: "NotificationPage" });

export const sendResultSchema = z
  .object({
    count: z.number().int().meta({ description: "Notifications written (one per distinct recipient)" }),
    batch_id: z.uuid(),
    scheduled_at: dateTime.nullable(),
    notifications: z
      .array(z.object({ id: z.uuid(), user_id: z.string(), status: z.string() }))
      .optional()
      .meta({ description: "Listed up to 1000 recipients; above that use batch_id" }),
  })
  .meta({ id: "SendResult" });

export const batchMarkResultSchema = z
  .object({
    affected: z.number().int(),
    not_found: z.number().int(),
    not_found_ids: z.array(z.uuid()),
  })
  .meta({ id: "BatchMarkResult" });

export const userStatsSchema = z
  .object({
    total: z.number().int(),
    unread: z.number().int(),
    read: z.number().int(),
    by_type: counts,
    by_priority: counts,
  })
  .meta({ id: "UserStats", description: "The acting user's own figures" });

export const tenantStatsSchema = z
  .object({
    from: dateTime.nullable(),
    to: dateTime.nullable(),
    total: z.number().int(),
    unread: z.number().int(),
    read: z.number().int(),
    by_status: counts,
    by_type: counts,
    by_priority: counts,
    by_channel_status: z
      .record(z.string(), counts)
      .meta({ description: "Deliveries per channel, then per delivery status" }),
  })
  .meta({ id: "TenantStats", description: "Tenant-wide figures, optionally within [from, to)" });

export const userSchema = z
  .object({
    user_id: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    name: z.string().nullable(),
    locale: z.string().nullable(),
    timezone: z.string().nullable(),
    role: z.enum(userRoles),
    wechat_openid: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    has_password: z.boolean(),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .meta({ id: "User" });

export const userPageSchema = z.object({
  users: z.array(userSchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
});

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

export const tenantSchema = z
  .object({ id: z.uuid(), slug: z.string(), name: z.string(), created_at: dateTime })
  .meta({ id: "Tenant" });

export const subscriberTokenSchema = z.object({
  token: z.string().meta({ description: "Send as `Authorization: Bearer <token>` from the browser" }),
  expires_at: dateTime,
});

const nullableDate = dateTime.nullable();
export const deliverySchema = z
  .object({
    id: z.uuid(),
    notification_id: z.uuid().nullable().meta({ description: "Null for an announcement's delivery" }),
    announcement_id: z
      .uuid()
      .nullable()
      .meta({ description: "Set for a delivery of an announcement's extra channels" }),
    user_id: z.string(),
    channel: z.enum(notificationChannels),
    provider: z.string().nullable().meta({ description: "resend, smtp, twilio, webpush, wechat or outbox" }),
    destination: z.string().nullable(),
    status: z.enum(deliveryStatuses),
    reason: z.string().nullable().meta({ description: "Why it was skipped or failed, e.g. no_address" }),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    provider_message_id: z.string().nullable(),
    deferred_until: nullableDate,
    created_at: dateTime,
    updated_at: dateTime,
    sent_at: nullableDate,
    delivered_at: nullableDate,
    failed_at: nullableDate,
  })
  .meta({ id: "Delivery" });

export const deliveryPageSchema = z.object({
  deliveries: z.array(deliverySchema),
  next_cursor: z.string().nullable(),
});

// Compile-time drift checks: each schema's output type must equal its serializer's return type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Data<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;
const schemasMatchSerializers: [
  Same<z.output<typeof notificationSchema>, NotificationJson>,
  Same<z.output<typeof sendResultSchema>, SendResponseData>,
  Same<z.output<typeof batchMarkResultSchema>, Data<typeof batchMark>>,
  Same<z.output<typeof userStatsSchema>, Data<typeof userStats>>,
  Same<z.output<typeof tenantStatsSchema>, Data<typeof tenantStats>>,
  Same<z.output<typeof userSchema>, Data<typeof userJson>>,
  Same<z.output<typeof apiKeySchema>, Data<typeof apiKeyJson>>,
  Same<z.output<typeof tenantSchema>, Data<typeof tenantJson>>,
  Same<z.output<typeof deliverySchema>, Data<typeof deliveryJson>>,
] = [true, true, true, true, true, true, true, true, true];
void schemasMatchSerializers;
