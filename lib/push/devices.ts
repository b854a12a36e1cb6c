// Mobile push devices: FCM registration tokens and APNs device tokens, one row per app install,
// owned by the user who registered it last.
import { and, asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { clock } from "../clock";
import type { Db } from "../db/client";
import { pushDevicePlatforms, pushDevices, type PushDevicePlatform } from "../db/schema";
import { invalid, notFound } from "../errors";

/** Devices kept per user: registering one more replaces the one seen longest ago. */
export const MAX_DEVICES_PER_USER = 20;

// FCM registration tokens are "<instance id>:<base64url>", about 150–200 characters today; Google
// promises no length, so only the shape is checked.
const FCM_TOKEN = /^[\w-]+:[\w-]+$/;
const APNS_TOKEN = /^[0-9a-f]{64}$/i;

/** Why the token is not one of the platform's, or null. */
export function deviceTokenProblem(platform: PushDevicePlatform, token: string): string | null {
  if (platform === "fcm") {
    return FCM_TOKEN.test(token) && token.length >= 100 && token.length <= 4096
      ? null
      : "must be an FCM registration token (100–4096 characters of A-Z, a-z, 0-9, '-', '_' with one ':')";
  }
  return APNS_TOKEN.test(token) ? null : "must be an APNs device token (64 hexadecimal characters)";
}

const platformSchema = z.enum(pushDevicePlatforms, {
  error: (issue) =>
    issue.input === undefined ? "is required" : `must be one of ${pushDevicePlatforms.join(", ")}`,
});
const tokenText = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .max(4096, { message: "must be at most 4096 characters" });

/** The token checked against its platform's format, reported on `token`. */
function withTokenCheck<T extends { platform: PushDevicePlatform; token: string }>(schema: z.ZodType<T>) {
  return schema.superRefine((v, ctx) => {
    const problem = deviceTokenProblem(v.platform, v.token);
    if (problem) ctx.addIssue({ code: "custom", path: ["token"], message: problem });
  });
}

export const pushDeviceRegisterSchema = withTokenCheck(
  z.strictObject({
    platform: platformSchema.meta({ description: "fcm (Android, or iOS through Firebase) or apns" }),
    token: tokenText.meta({ description: "The FCM registration token or the APNs device token (hex)" }),
    app_id: z
      .string({ message: "must be a string" })
      .regex(/^[A-Za-z0-9][\w.-]{0,254}$/, { message: "must be an app id like com.example.app" })
      .optional()
      .meta({
        description:
          "The app's package or bundle id. For APNs the topic its pushes go to (default: the integration's bundle_id)",
      }),
  }),
);
export type PushDeviceRegisterInput = z.infer<typeof pushDeviceRegisterSchema>;

// Any token may be removed; the format is still checked so a typo is a 400, not a silent 404.
export const pushDeviceRemoveSchema = withTokenCheck(
  z.strictObject({ platform: platformSchema, token: tokenText }),
);

export const pushDeviceSchema = z
  .object({
    id: z.uuid(),
    platform: z.enum(pushDevicePlatforms),
    token: z.string(),
    app_id: z.string().nullable(),
    created_at: z.iso.datetime({ offset: true }),
    last_seen_at: z.iso.datetime({ offset: true }),
  })
  .meta({ id: "PushDevice" });

type Row = typeof pushDevices.$inferSelect;

export function pushDeviceJson(r: Row): z.input<typeof pushDeviceSchema> {
  return {
    id: r.id,
    platform: r.platform,
    token: r.token,
    app_id: r.appId,
    created_at: r.createdAt.toISOString(),
    last_seen_at: r.lastSeenAt.toISOString(),
  };
}

type Owner = { tenantId: string; userId: string };

// APNs tokens are hex: one device is one token whatever the case it was sent in.
const normalized = (platform: PushDevicePlatform, token: string) =>
  platform === "apns" ? token.toLowerCase() : token;

/**
 * Registers (or refreshes) the device for the user. A token is one app install: registered again by
 * another user of the tenant, it moves to them. A user keeps at most MAX_DEVICES_PER_USER.
 */
export async function saveDevice(
  db: Db,
  owner: Owner,
  input: PushDeviceRegisterInput,
): Promise<{ device: Row; created: boolean }> {
  // The schema checked it already; a direct caller gets the same answer.
  const problem = deviceTokenProblem(input.platform, input.token);
  if (problem) throw invalid("Invalid device", [{ field: "token", message: problem }]);
  const token = normalized(input.platform, input.token);
  const now = clock().now();
  const values = { userId: owner.userId, appId: input.app_id ?? null, lastSeenAt: now };
  return db.transaction(async (tx) => {
    // One registration per user at a time, so two at once cannot both count and both trim.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`push-devices:${owner.userId}`}))`);
    const [row] = await tx
      .insert(pushDevices)
      .values({ tenantId: owner.tenantId, platform: input.platform, token, ...values, createdAt: now })
      .onConflictDoUpdate({
        target: [pushDevices.tenantId, pushDevices.platform, pushDevices.token],
        set: values,
      })
      // xmax is 0 on a freshly inserted row version, set on one the conflict clause updated.
      .returning({ ...getTableColumns(pushDevices), inserted: sql<boolean>`(xmax = 0)` });
    const { inserted, ...device } = row!;
    const kept = await tx
      .select({ id: pushDevices.id })
      .from(pushDevices)
      .where(and(eq(pushDevices.tenantId, owner.tenantId), eq(pushDevices.userId, owner.userId)))
      .orderBy(asc(pushDevices.lastSeenAt), asc(pushDevices.id));
    const excess = kept
      .filter((d) => d.id !== device.id)
      .slice(0, Math.max(0, kept.length - MAX_DEVICES_PER_USER))
      .map((d) => d.id);
    if (excess.length > 0) await tx.delete(pushDevices).where(inArray(pushDevices.id, excess));
    return { device, created: inserted };
  });
}

/** Removes one of the caller's own devices; anyone else's (or none) is 404. */
export async function removeDevice(
  db: Db,
  owner: Owner,
  input: { platform: PushDevicePlatform; token: string },
): Promise<void> {
  const deleted = await db
    .delete(pushDevices)
    .where(
      and(
        eq(pushDevices.tenantId, owner.tenantId),
        eq(pushDevices.userId, owner.userId),
        eq(pushDevices.platform, input.platform),
        eq(pushDevices.token, normalized(input.platform, input.token)),
      ),
    )
    .returning({ id: pushDevices.id });
  if (deleted.length === 0) throw notFound("Push device not found");
}

/** The devices of these users of the tenant, by user (the pipeline's batch lookup). */
export async function devicesOfUsers(
  db: Db,
  tenantId: string,
  userIds: string[],
): Promise<Map<string, Row[]>> {
  const byUser = new Map<string, Row[]>();
  if (userIds.length === 0) return byUser;
  const rows = await db
    .select()
    .from(pushDevices)
    .where(and(eq(pushDevices.tenantId, tenantId), inArray(pushDevices.userId, userIds)));
  for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
  return byUser;
}

/** Drops a device its push service says is gone for good (unregistered, or not a token of the app). */
export async function dropDevice(db: Db, tenantId: string, deviceId: string): Promise<void> {
  await db.delete(pushDevices).where(and(eq(pushDevices.tenantId, tenantId), eq(pushDevices.id, deviceId)));
}
