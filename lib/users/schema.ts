import { z } from "zod";
import { pageQuery, timeZone } from "../http/validation";
import { userRoles } from "../vocabulary/enums";
import { chatProviders } from "../vocabulary/chat";
import { userChatSchema } from "../chat/schema";
import { jsonBytes, MAX_JSON_OBJECT_BYTES } from "../vocabulary/limits";

// The API's user_id: the calling service's own identifier for a person.
export const externalIdSchema = z
  .string()
  .min(1, { message: "must not be empty" })
  .max(255, { message: "must be at most 255 characters" })
  .regex(/^[^\s\u0000-\u001f]+$/, { message: "must not contain spaces or control characters" });

export const userIdParams = z.object({ user_id: externalIdSchema });

function isLocale(v: string): boolean {
  try {
    return Intl.getCanonicalLocales(v).length === 1;
  } catch {
    return false;
  }
}

const metadataSchema = z
  .record(z.string(), z.unknown())
  .refine((m) => jsonBytes(m) <= MAX_JSON_OBJECT_BYTES, {
    message: "must be at most 16 KB of JSON",
  });

export const userUpsertSchema = z.strictObject({
  email: z.email({ message: "must be an email address" }).max(320).nullable().optional(),
  phone: z
    .string()
    .regex(/^\+[1-9]\d{1,14}$/, { message: "must be an E.164 phone number like +15551234567" })
    .nullable()
    .optional(),
  name: z.string().min(1).max(200, { message: "must be at most 200 characters" }).nullable().optional(),
  locale: z
    .string()
    .refine(isLocale, { message: "must be a BCP 47 language tag like en or zh-CN" })
    .transform((v) => Intl.getCanonicalLocales(v)[0]!)
    .nullable()
    .optional(),
  timezone: timeZone.nullable().optional(),
  wechat_openid: z.string().min(1).max(128).nullable().optional(),
  chat: userChatSchema.optional(),
  metadata: metadataSchema.optional(),
  // Only an admin (session or admin-scoped key) may set these two.
  password: z.string().min(8, { message: "must be at least 8 characters" }).max(200).optional(),
  role: z.enum(userRoles).optional(),
});
export type UserUpsertInput = z.infer<typeof userUpsertSchema>;

export const userListQuery = z.object({ ...pageQuery, search: z.string().max(200).optional() });

const dateTime = z.iso.datetime({ offset: true });

/** The API shape of a user (userJson builds it): never a password or its hash. */
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
    chat: z.array(z.enum(chatProviders)).meta({
      description: "The apps the user has a chat destination in; the destinations are never returned",
    }),
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
