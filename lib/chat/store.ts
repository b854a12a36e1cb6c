// Chat destinations at rest: a user's (one sealed value on the user row) and the tenant's named chat
// targets (a row each). Both are sealed bound to their row, so a value copied elsewhere does not open.
import { and, asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { audit, type Actor } from "../audit";
import { decryptJson, encryptJson } from "../crypto/secrets";
import type { Db, Executor } from "../db/client";
import { chatTargets, users } from "../db/schema";
import { conflict, invalid, notFound, type FieldError } from "../errors";
import { logger } from "../log";
import { destinationProblems } from "./hosts";
import {
  chatProviders,
  destinationShapes,
  fieldsOf,
  type ChatDestination,
  type ChatProvider,
  type ChatTargetCreateInput,
  type chatTargetSchema,
  type ChatTargetUpdateInput,
  type DestinationFields,
  type UserChatInput,
} from "./schema";

export type UserChat = Partial<Record<ChatProvider, DestinationFields>>;
export type ChatTarget = typeof chatTargets.$inferSelect;

const userContext = (userId: string) => ({ context: `user-chat:${userId}` });
const targetContext = (id: string) => ({ context: `chat-target:${id}` });

/** The user's destinations; none when the sealed value no longer opens (APP_SECRET changed). */
export function openUserChat(userId: string, sealed: string | null | undefined): UserChat {
  if (!sealed) return {};
  try {
    return decryptJson<UserChat>(sealed, userContext(userId));
  } catch {
    return {};
  }
}

/** The apps the user has a destination in: what the API shows instead of the URLs. */
export function userChatNames(userId: string, sealed: string | null): ChatProvider[] {
  const chat = openUserChat(userId, sealed);
  return chatProviders.filter((p) => chat[p]);
}

/** Each webhook URL of the input that is not its app's, named `chat.<app>.webhook_url`. */
export function userChatProblems(input: UserChatInput): FieldError[] {
  return chatProviders.flatMap((p) => {
    const d = input[p];
    return d ? destinationProblems(p, d, `chat.${p}.`) : [];
  });
}

/** Applies the input to the stored destinations and seals the result for the user's row. */
export function mergeUserChat(userId: string, sealed: string | null, input: UserChatInput): string | null {
  const merged: UserChat = { ...openUserChat(userId, sealed) };
  for (const p of chatProviders) {
    const d = input[p];
    if (d === null) delete merged[p];
    else if (d !== undefined) merged[p] = fieldsOf(d);
  }
  return Object.keys(merged).length === 0 ? null : encryptJson(merged, userContext(userId));
}

/** Saves the user's chat destinations inside the caller's transaction (the user row is locked). */
export async function saveUserChat(
  tx: Executor,
  user: { id: string; chatEncrypted: string | null },
  input: UserChatInput,
): Promise<string | null> {
  const chatEncrypted = mergeUserChat(user.id, user.chatEncrypted, input);
  await tx.update(users).set({ chatEncrypted }).where(eq(users.id, user.id));
  return chatEncrypted;
}

// --- the tenant's chat targets ---

type TargetSecrets = { webhook_url?: string; secret?: string };

function openTarget(row: ChatTarget): TargetSecrets {
  return row.secretsEncrypted ? decryptJson<TargetSecrets>(row.secretsEncrypted, targetContext(row.id)) : {};
}

function sealTarget(id: string, s: TargetSecrets): string | null {
  return Object.keys(s).length === 0 ? null : encryptJson(s, targetContext(id));
}

export function chatTargetJson(row: ChatTarget): z.input<typeof chatTargetSchema> {
  let names: string[] = [];
  try {
    names = Object.keys(openTarget(row)).sort();
  } catch {
    // Sealed under an earlier APP_SECRET: enter them again.
  }
  return {
    key: row.key,
    name: row.name,
    provider: row.provider,
    channel: row.channel,
    secrets_set: names,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

function checkHosts(provider: ChatProvider, d: DestinationFields): void {
  const problems = destinationProblems(provider, d, "");
  if (problems.length > 0) throw invalid("Invalid chat target", problems);
}

export async function createChatTarget(
  db: Db,
  tenantId: string,
  input: ChatTargetCreateInput,
  actor: Actor,
): Promise<ChatTarget> {
  checkHosts(input.provider, input);
  const id = crypto.randomUUID();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(chatTargets)
      .values({
        id,
        tenantId,
        key: input.key,
        name: input.name,
        provider: input.provider,
        channel: input.channel ?? null,
        secretsEncrypted: sealTarget(id, secretsOf(input)),
      })
      .onConflictDoNothing({ target: [chatTargets.tenantId, chatTargets.key] })
      .returning();
    if (!row) throw conflict(`A chat target with key "${input.key}" exists already`);
    await audit(
      tx,
      tenantId,
      actor,
      "chat_target.created",
      { type: "chat_target", id },
      {
        key: input.key,
        provider: input.provider,
      },
    );
    return row;
  });
}

function secretsOf(d: DestinationFields): TargetSecrets {
  const s: TargetSecrets = {};
  if (d.webhook_url !== undefined) s.webhook_url = d.webhook_url;
  if (d.secret !== undefined && d.secret !== null) s.secret = d.secret;
  return s;
}

export function listChatTargets(db: Executor, tenantId: string): Promise<ChatTarget[]> {
  return db
    .select()
    .from(chatTargets)
    .where(eq(chatTargets.tenantId, tenantId))
    .orderBy(asc(chatTargets.key));
}

const byKey = (tenantId: string, key: string) =>
  and(eq(chatTargets.tenantId, tenantId), eq(chatTargets.key, key));

export async function getChatTarget(db: Executor, tenantId: string, key: string): Promise<ChatTarget> {
  const [row] = await db.select().from(chatTargets).where(byKey(tenantId, key)).limit(1);
  if (!row) throw notFound("Chat target not found");
  return row;
}

/** Name, destination or secret; a new webhook URL must come with the secret again (or null for none). */
export async function updateChatTarget(
  db: Db,
  tenantId: string,
  key: string,
  input: ChatTargetUpdateInput,
  actor: Actor,
): Promise<ChatTarget> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(chatTargets).where(byKey(tenantId, key)).limit(1).for("update");
    if (!row) throw notFound("Chat target not found");
    let stored: TargetSecrets = {};
    try {
      stored = openTarget(row);
    } catch {
      // Sealed under an earlier APP_SECRET: the update must bring the destination again.
    }
    const changesUrl = input.webhook_url !== undefined && input.webhook_url !== stored.webhook_url;
    // A stored signing secret never goes to a webhook other than the one it was entered for.
    const secret =
      input.secret === null ? undefined : (input.secret ?? (changesUrl ? undefined : stored.secret));
    // A Slack target may switch between a webhook and a bot channel: the one given replaces the other.
    const fields = fieldsOf({
      webhook_url: input.webhook_url ?? (input.channel !== undefined ? undefined : stored.webhook_url),
      channel: input.channel ?? (input.webhook_url !== undefined ? undefined : (row.channel ?? undefined)),
      secret,
    });
    const parsed = destinationShapes[row.provider].safeParse(fields);
    if (!parsed.success) {
      throw invalid(
        "Invalid chat target",
        parsed.error.issues.map((i) => ({ field: i.path.join(".") || "webhook_url", message: i.message })),
      );
    }
    checkHosts(row.provider, fields);
    const [updated] = await tx
      .update(chatTargets)
      .set({
        name: input.name,
        channel: fields.channel ?? null,
        secretsEncrypted: sealTarget(row.id, secretsOf(fields)),
        updatedAt: new Date(),
      })
      .where(eq(chatTargets.id, row.id))
      .returning();
    await audit(
      tx,
      tenantId,
      actor,
      "chat_target.updated",
      { type: "chat_target", id: row.id },
      {
        fields: Object.keys(input),
      },
    );
    return updated!;
  });
}

export async function deleteChatTarget(db: Db, tenantId: string, key: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(chatTargets).where(byKey(tenantId, key)).returning({ id: chatTargets.id });
    if (!row) throw notFound("Chat target not found");
    await audit(tx, tenantId, actor, "chat_target.deleted", { type: "chat_target", id: row.id }, { key });
  });
}

/** Refuses keys the tenant has no chat target for, naming each as the API names list items (`chat_targets.0`). */
export async function checkChatTargetKeys(
  db: Executor,
  tenantId: string,
  keys: readonly string[],
  field = "chat_targets",
): Promise<void> {
  if (keys.length === 0) return;
  const rows = await db
    .select({ key: chatTargets.key })
    .from(chatTargets)
    .where(and(eq(chatTargets.tenantId, tenantId), inArray(chatTargets.key, [...keys])));
  const known = new Set(rows.map((r) => r.key));
  const unknown = keys.flatMap((k, i) =>
    known.has(k) ? [] : [{ field: `${field}.${i}`, message: `is not a chat target of this tenant: ${k}` }],
  );
  if (unknown.length > 0) throw invalid("Unknown chat target", unknown);
}

/** One destination a chat delivery sends to, and how the send log names it (never the URL). */
export type LabelledDestination = { destination: ChatDestination; label: string };

/** The tenant's chat targets of these keys, by key (one query for a batch's deliveries). */
export async function chatTargetsByKey(
  db: Executor,
  tenantId: string,
  keys: readonly string[],
): Promise<Map<string, ChatTarget>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select()
    .from(chatTargets)
    .where(and(eq(chatTargets.tenantId, tenantId), inArray(chatTargets.key, [...new Set(keys)])));
  return new Map(rows.map((r) => [r.key, r]));
}

/**
 * A chat delivery's destinations: the recipient's own, then its named chat targets in the order
 * named. A target deleted (or sealed under another APP_SECRET) since the send is left out.
 */
export function chatDestinationsFor(
  recipient: { id: string; chatEncrypted?: string | null },
  targetKeys: readonly string[],
  targets: ReadonlyMap<string, ChatTarget>,
): LabelledDestination[] {
  const own = openUserChat(recipient.id, recipient.chatEncrypted);
  const out: LabelledDestination[] = chatProviders.flatMap((p) =>
    own[p] ? [{ destination: { provider: p, ...own[p] }, label: p }] : [],
  );
  for (const key of targetKeys) {
    const row = targets.get(key);
    if (!row) continue;
    try {
      const s = openTarget(row);
      out.push({
        destination: { provider: row.provider, ...s, ...(row.channel ? { channel: row.channel } : {}) },
        label: `target:${row.key}`,
      });
    } catch {
      logger().warn(
        { tenantId: row.tenantId, chatTarget: row.key },
        "chat target's secrets do not open: left out",
      );
    }
  }
  return out;
}
