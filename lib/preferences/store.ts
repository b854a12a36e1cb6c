// Reading and saving users' notification preferences; loadPreferences is what the send path uses.
import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { bus } from "../events";
import { audit, type Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import { preferences, users, type NotificationChannel, type NotificationType } from "../db/schema";
import { notFound } from "../errors";
import { DEFAULT_PREFERENCES, isMuted, type UserPreferences } from "./decide";
import type { PreferencesUpdate, preferencesSchema } from "./schema";

type PreferencesRow = typeof preferences.$inferSelect;
export type PreferencesOwner = { tenantId: string; userId: string; externalId: string };

function effective(row: PreferencesRow | null, userTimezone: string | null): UserPreferences {
  if (!row) return { ...DEFAULT_PREFERENCES, timezone: userTimezone ?? DEFAULT_PREFERENCES.timezone };
  return {
    channelsByType: row.channelsByType as Partial<Record<NotificationType, NotificationChannel[]>>,
    disabledChannels: row.disabledChannels as NotificationChannel[],
    doNotDisturb: row.dndStart && row.dndEnd ? { start: row.dndStart, end: row.dndEnd } : null,
    timezone: row.timezone ?? userTimezone ?? DEFAULT_PREFERENCES.timezone,
    muteUntil: row.muteUntil,
    workflows: row.workflows,
    categories: row.categories,
  };
}

function preferencesJson(
  externalId: string,
  row: PreferencesRow | null,
  userTimezone: string | null,
): PreferencesJson {
  const p = effective(row, userTimezone);
  return {
    user_id: externalId,
    channels: p.channelsByType,
    disabled_channels: p.disabledChannels,
    do_not_disturb: p.doNotDisturb,
    timezone: row?.timezone ?? null,
    effective_timezone: p.timezone,
    mute_until: p.muteUntil?.toISOString() ?? null,
    is_muted: isMuted(p, new Date()),
    workflows: p.workflows,
    categories: p.categories,
    updated_at: row?.updatedAt.toISOString() ?? null,
  };
}
export type PreferencesJson = z.input<typeof preferencesSchema>;

async function read(db: Executor, owner: Omit<PreferencesOwner, "externalId">, lock = false) {
  const query = db
    .select({ prefs: preferences, timezone: users.timezone, externalId: users.externalId })
    .from(users)
    .leftJoin(preferences, and(eq(preferences.userId, users.id), eq(preferences.tenantId, users.tenantId)))
    .where(and(eq(users.id, owner.userId), eq(users.tenantId, owner.tenantId), isNull(users.deletedAt)))
    .limit(1);
  // The user's row: it exists before any preferences row does.
  const [row] = await (lock ? query.for("update", { of: users }) : query);
  if (!row) throw notFound("User not found");
  return row;
}

/** A user's preferences as the API shows them (the defaults when they never saved any). */
export async function getPreferences(
  db: Executor,
  owner: Omit<PreferencesOwner, "externalId">,
): Promise<PreferencesJson> {
  const row = await read(db, owner);
  return preferencesJson(row.externalId, row.prefs, row.timezone);
}

/** Finds a user of the tenant by the API's user_id; 404 for anyone else's. */
export async function preferencesOwner(db: Executor, tenantId: string, externalId: string) {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.externalId, externalId), isNull(users.deletedAt)))
    .limit(1);
  if (!u) throw notFound("User not found");
  return { tenantId, userId: u.id };
}

/** Saves the fields given (left-out fields keep their value; null clears one). */
export async function savePreferences(
  db: Db,
  owner: Omit<PreferencesOwner, "externalId">,
  input: PreferencesUpdate,
  actor: Actor,
): Promise<PreferencesJson> {
  return (await changePreferences(db, owner, () => input, actor)).preferences;
}

/**
 * Reads the user's preferences, asks `change` for the fields to save, and saves them, all under a
 * lock on the user, so two changes computed from what is saved (e.g. two unsubscribe links) never
 * lose one another. `change` answers null when nothing is to change: nothing is written then.
 */
export async function changePreferences(
  db: Db,
  owner: Omit<PreferencesOwner, "externalId">,
  change: (current: PreferencesJson) => PreferencesUpdate | null,
  actor: Actor,
  record: { action: string; data?: Record<string, unknown> } = { action: "preferences.saved" },
): Promise<{ preferences: PreferencesJson; changed: boolean }> {
  const result = await db.transaction(async (tx) => {
    const before = await read(tx, owner, true); // 404 before writing anything
    const input = change(preferencesJson(before.externalId, before.prefs, before.timezone));
    if (!input)
      return {
        preferences: preferencesJson(before.externalId, before.prefs, before.timezone),
        changed: false,
      };
    const set: Partial<typeof preferences.$inferInsert> = {};
    if (input.channels !== undefined) set.channelsByType = input.channels;
    if (input.disabled_channels !== undefined) set.disabledChannels = input.disabled_channels;
    if (input.do_not_disturb !== undefined) {
      set.dndStart = input.do_not_disturb?.start ?? null;
      set.dndEnd = input.do_not_disturb?.end ?? null;
    }
    if (input.timezone !== undefined) set.timezone = input.timezone;
    if (input.mute_until !== undefined) set.muteUntil = input.mute_until ? new Date(input.mute_until) : null;
    if (input.workflows !== undefined) set.workflows = input.workflows;
    if (input.categories !== undefined) set.categories = input.categories;
    await tx
      .insert(preferences)
      .values({ userId: owner.userId, tenantId: owner.tenantId, ...set })
      .onConflictDoUpdate({ target: preferences.userId, set: { ...set, updatedAt: sql`now()` } });
    await audit(
      tx,
      owner.tenantId,
      actor,
      record.action,
      { type: "user", id: owner.userId },
      { fields: Object.keys(input), ...record.data },
    );
    const row = await read(tx, owner);
    return { preferences: preferencesJson(row.externalId, row.prefs, row.timezone), changed: true };
  });
  if (result.changed)
    bus().publish("preferences.changed", { tenantId: owner.tenantId, userId: owner.userId });
  return result;
}

/**
 * Effective preferences of many recipients (internal user ids) in one query, for the send path:
 * users without a row get the defaults in their profile's time zone.
 */
export async function loadPreferences(
  db: Executor,
  tenantId: string,
  userIds: string[],
): Promise<Map<string, UserPreferences>> {
  const rows = await db
    .select({ id: users.id, timezone: users.timezone, prefs: preferences })
    .from(users)
    .leftJoin(preferences, and(eq(preferences.userId, users.id), eq(preferences.tenantId, users.tenantId)))
    .where(and(eq(users.tenantId, tenantId), sql`${users.id} = any(${sql.param(userIds)}::uuid[])`));
  return new Map(rows.map((r) => [r.id, effective(r.prefs, r.timezone)]));
}
