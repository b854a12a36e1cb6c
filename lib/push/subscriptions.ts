// Web Push subscriptions: one row per browser endpoint, owned by the user who registered it last.
import { and, asc, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { base64urlBytes, isP256PublicKey } from "../crypto/p256";
import type { Db } from "../db/client";
import { pushSubscriptions } from "../db/schema";
import { conflict, notFound } from "../errors";
import { pushEndpointProblem } from "./endpoints";

const endpointText = z
  .string({ message: "must be the subscription's endpoint URL" })
  .max(2048, { message: "must be at most 2048 characters" });

// Checked when a browser registers: Herald only ever sends to a push service's host (or the operator's).
const endpointSchema = endpointText.superRefine((v, ctx) => {
  const problem = pushEndpointProblem(v);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Subscriptions kept per user: registering one more replaces the oldest. */
export const MAX_SUBSCRIPTIONS_PER_USER = 10;

/** The browser's `PushSubscription.toJSON()`, as is. */
export const pushSubscribeSchema = z.strictObject({
  endpoint: endpointSchema,
  // Browsers send it (usually null); push services expire subscriptions by answering 404/410 instead.
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject(
    {
      p256dh: z
        .string({ message: "must be a base64url string" })
        .refine(isP256PublicKey, { message: "must be a base64url P-256 public key (65 bytes)" }),
      auth: z
        .string({ message: "must be a base64url string" })
        .refine((v) => base64urlBytes(v)?.length === 16, {
          message: "must be a base64url secret of 16 bytes",
        }),
    },
    { message: "must be an object with p256dh and auth" },
  ),
});
export type PushSubscribeInput = z.infer<typeof pushSubscribeSchema>;

// Any endpoint may be removed, also one registered before its host stopped being accepted.
export const pushUnsubscribeSchema = z.strictObject({ endpoint: endpointText });

type Row = typeof pushSubscriptions.$inferSelect;

export function pushSubscriptionJson(r: Row): z.input<typeof pushSubscriptionSchema> {
  return {
    id: r.id,
    endpoint: r.endpoint,
    user_agent: r.userAgent,
    created_at: r.createdAt.toISOString(),
    last_used_at: r.lastUsedAt?.toISOString() ?? null,
  };
}

export const pushSubscriptionSchema = z
  .object({
    id: z.uuid(),
    endpoint: z.string(),
    user_agent: z.string().nullable(),
    created_at: z.iso.datetime({ offset: true }),
    last_used_at: z.iso.datetime({ offset: true }).nullable(),
  })
  .meta({ id: "PushSubscription" });

type Owner = { tenantId: string; userId: string };

/**
 * Registers a browser for the user. An endpoint is one browser: registered again by anyone, it
 * moves to them. From another tenant it is dropped there and created anew here, so nothing about
 * the other tenant's row shows. A user keeps at most MAX_SUBSCRIPTIONS_PER_USER: the oldest go.
 */
export async function saveSubscription(
  db: Db,
  owner: Owner,
  input: PushSubscribeInput,
  userAgent: string | null,
): Promise<{ subscription: Row; created: boolean }> {
  const values = {
    userId: owner.userId,
    p256dh: input.keys.p256dh,
    auth: input.keys.auth,
    userAgent: userAgent?.slice(0, 512) || null,
  };
  return db.transaction(async (tx) => {
    // One registration per user at a time, so two at once cannot both count ten and both trim.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`push:${owner.userId}`}))`);
    const [existing] = await tx
      .select({ id: pushSubscriptions.id, tenantId: pushSubscriptions.tenantId })
      .from(pushSubscriptions)
      .where(eq(pushSubscriptions.endpoint, input.endpoint))
      .for("update");
    if (existing && existing.tenantId !== owner.tenantId) {
      await tx.delete(pushSubscriptions).where(eq(pushSubscriptions.id, existing.id));
    }
    const [row] = await tx
      .insert(pushSubscriptions)
      .values({ tenantId: owner.tenantId, endpoint: input.endpoint, ...values })
      .onConflictDoUpdate({
        target: pushSubscriptions.endpoint,
        set: values,
        // A row another tenant inserted meanwhile is not ours to take over.
        setWhere: eq(pushSubscriptions.tenantId, owner.tenantId),
      })
      // xmax is 0 on a freshly inserted row version, set on one the conflict clause updated.
      .returning({ ...getTableColumns(pushSubscriptions), inserted: sql<boolean>`(xmax = 0)` });
    if (!row) throw conflict("This push endpoint is being registered elsewhere: try again");
    const { inserted, ...subscription } = row;
    const kept = await tx
      .select({ id: pushSubscriptions.id })
      .from(pushSubscriptions)
      .where(and(eq(pushSubscriptions.tenantId, owner.tenantId), eq(pushSubscriptions.userId, owner.userId)))
      .orderBy(asc(pushSubscriptions.createdAt), asc(pushSubscriptions.id));
    const excess = kept
      .filter((s) => s.id !== subscription.id)
      .slice(0, Math.max(0, kept.length - MAX_SUBSCRIPTIONS_PER_USER))
      .map((s) => s.id);
    if (excess.length > 0) await tx.delete(pushSubscriptions).where(inArray(pushSubscriptions.id, excess));
    return { subscription, created: inserted };
  });
}

/** Removes one of the caller's own endpoints; anyone else's (or none) is 404. */
export async function removeSubscription(db: Db, owner: Owner, endpoint: string): Promise<void> {
  const deleted = await db
    .delete(pushSubscriptions)
    .where(
      and(
        eq(pushSubscriptions.tenantId, owner.tenantId),
        eq(pushSubscriptions.userId, owner.userId),
        eq(pushSubscriptions.endpoint, endpoint),
      ),
    )
    .returning({ id: pushSubscriptions.id });
  if (deleted.length === 0) throw notFound("Push subscription not found");
}
