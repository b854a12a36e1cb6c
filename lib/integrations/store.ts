// Provider accounts per tenant and channel: secrets sealed with APP_SECRET, an ordered failover chain
// per channel whose head is the channel's default.
import { createECDH, createPrivateKey, randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNotNull, isNull, notInArray, or, sql } from "drizzle-orm";
import { audit, type Actor } from "../audit";
import { decryptJson, encryptJson } from "../crypto/secrets";
import type { Db, Executor } from "../db/client";
import { integrations } from "../db/schema";
import type { ExternalChannel } from "../providers/types";
import { invalid, notFound } from "../errors";
import { parseWith } from "../http/validation";
import type { z } from "zod";
import { parseServiceAccount } from "../push/service-account";
import {
  isMobilePushProvider,
  mobilePushProviders,
  providerSpecs,
  type integrationSchema,
  type IntegrationCreateInput,
  type IntegrationUpdateInput,
  type ProviderSettings,
} from "./schema";
import { endpointFields, endpointProblems, endpointValue } from "./hosts";
import { forgetSender } from "./sender-cache";

export type Integration = typeof integrations.$inferSelect;

/** An integration ready to send with: its settings and its decrypted secrets. Never leaves the server. */
export type IntegrationSettings = {
  id: string;
  tenantId: string;
  name: string;
  updatedAt: Date;
} & ProviderSettings;

type Secrets = Record<string, unknown>;

// The row id is bound into the ciphertext: a sealed value copied onto another row does not open there.
const contextOf = (id: string) => ({ context: `integration:${id}` });

function sealSecrets(id: string, secrets: Secrets): string | null {
  return Object.keys(secrets).length === 0 ? null : encryptJson(secrets, contextOf(id));
}

function openSecrets(row: Pick<Integration, "id" | "secretsEncrypted">): Secrets {
  return row.secretsEncrypted ? decryptJson<Secrets>(row.secretsEncrypted, contextOf(row.id)) : {};
}

/** Names of the stored secrets; none when they no longer open (APP_SECRET changed): enter them again. */
function secretNames(row: Integration): string[] {
  try {
    return Object.keys(openSecrets(row)).sort();
  } catch {
    return [];
  }
}

/** The API shape: settings and the names of the secrets, never their values. */
export function integrationJson(row: Integration): z.input<typeof integrationSchema> {
  return {
    id: row.id,
    channel: row.channel as ExternalChannel,
    provider: row.provider as ProviderSettings["provider"],
    name: row.name,
    is_active: row.isActive,
    is_default: row.isDefault,
    chain_position: row.chainPosition,
    config: row.config,
    secrets_set: secretNames(row),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** A VAPID private key must be the one its public key belongs to, or every push fails signature checks. */
function checkVapidPair(provider: string, config: Record<string, unknown>, secrets: Secrets): void {
  if (provider !== "webpush") return;
  const publicKey = Buffer.from(String(config.public_key), "base64url");
  let derived: Buffer;
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(String(secrets.private_key), "base64url"));
    derived = ecdh.getPublicKey();
  } catch {
    throw invalid("Invalid secrets", [
      { field: "secrets.private_key", message: "is not a P-256 private key" },
    ]);
  }
  if (!derived.equals(publicKey)) {
    throw invalid("Invalid secrets", [
      { field: "secrets.private_key", message: "does not belong to config.public_key" },
    ]);
  }
}

/** The key's type and curve, or null when the PEM is no private key node can read. */
function keyKind(pem: string): { type?: string; curve?: string } | null {
  try {
    const key = createPrivateKey(pem);
    return { type: key.asymmetricKeyType, curve: key.asymmetricKeyDetails?.namedCurve };
  } catch {
    return null;
  }
}

/** The mobile push keys must be ones their service signs with (RS256 for Google, ES256 for Apple). */
function checkMobileCredentials(provider: string, config: Record<string, unknown>, secrets: Secrets): void {
  if (provider === "fcm") {
    const account = parseServiceAccount(String(secrets.service_account));
    if (typeof account === "string") return; // the schema named it already
    if (keyKind(account.private_key)?.type !== "rsa")
      throw invalid("Invalid secrets", [
        { field: "secrets.service_account", message: "has a private_key that is not an RSA key" },
      ]);
    if (!config.project_id && !account.project_id)
      throw invalid("Invalid settings", [
        { field: "config.project_id", message: "is required when the service account names no project_id" },
      ]);
  }
  if (provider === "apns") {
    const kind = keyKind(String(secrets.private_key));
    if (kind?.type !== "ec" || kind.curve !== "prime256v1")
      throw invalid("Invalid secrets", [
        { field: "secrets.private_key", message: "is not an APNs signing key (a P-256 .p8 key)" },
      ]);
  }
}

/** A mobile push sender reaches its platform's devices beside the chain, never in it. */
function checkNotInChain(provider: string, isDefault: boolean | undefined): void {
  if (isDefault && isMobilePushProvider(provider))
    throw invalid("Invalid integration", [
      {
        field: "is_default",
        message: `cannot be true for ${provider}: it sends to its platform's devices and is not in the push chain`,
      },
    ]);
}

/**
 * A changed endpoint must be an allowed host, and comes with every secret entered again in the same
 * request: a stored secret is never sent to a host other than the one it was entered for.
 */
function checkEndpointChange(
  provider: string,
  before: { config: Secrets; secrets: Secrets },
  after: { config: Secrets; secrets?: Secrets },
): void {
  const merged = { config: after.config, secrets: { ...before.secrets, ...after.secrets } };
  const changed = endpointFields[provider as ProviderSettings["provider"]].filter(
    (f) => endpointValue(f, before) !== endpointValue(f, merged),
  );
  if (changed.length === 0) return;
  const hosts = endpointProblems(provider, merged).filter((p) => changed.includes(p.field));
  if (hosts.length > 0) throw invalid("Invalid settings", hosts);
  const names = Object.keys(providerSpecs[provider as ProviderSettings["provider"]].secrets.shape);
  const missing = names.filter((n) => after.secrets?.[n] === undefined);
  if (missing.length > 0) {
    throw invalid(
      "Secrets must be entered again",
      missing.map((n) => ({
        field: `secrets.${n}`,
        message: `must be entered again when ${changed.join(", ")} changes`,
      })),
    );
  }
}

/**
 * Locks the (tenant, channel) chain for the transaction, so two concurrent changes cannot interleave,
 * and answers its members' ids in order.
 */
export async function lockChain(tx: Executor, tenantId: string, channel: string): Promise<string[]> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${tenantId}), hashtext(${`integrations:${channel}`}))`,
  );
  const rows = await tx
    .select({ id: integrations.id })
    .from(integrations)
    .where(
      and(
        eq(integrations.tenantId, tenantId),
        eq(integrations.channel, channel),
        isNull(integrations.deletedAt),
        isNotNull(integrations.chainPosition),
      ),
    )
    .orderBy(asc(integrations.chainPosition), desc(integrations.updatedAt));
  return rows.map((r) => r.id);
}

/** Writes the channel's chain as `ids` (in order; the head is the default); the others leave it. */
export async function writeChain(
  tx: Executor,
  tenantId: string,
  channel: string,
  ids: readonly string[],
): Promise<void> {
  await tx
    .update(integrations)
    .set({ chainPosition: null, isDefault: false })
    .where(
      and(
        eq(integrations.tenantId, tenantId),
        eq(integrations.channel, channel),
        or(isNotNull(integrations.chainPosition), eq(integrations.isDefault, true)),
      ),
    );
  if (ids.length === 0) return;
  await tx.execute(sql`
    update integrations i set chain_position = v.pos - 1, is_default = v.pos = 1
    from unnest(${sql.param([...ids])}::uuid[]) with ordinality as v(id, pos)
    where i.id = v.id and i.tenant_id = ${tenantId} and i.channel = ${channel} and i.deleted_at is null`);
}

/** `is_default: true` puts the integration at the head of its chain; `false` takes it out if it is the head. */
async function applyDefault(
  tx: Executor,
  tenantId: string,
  channel: string,
  id: string,
  isDefault: boolean | undefined,
): Promise<void> {
  if (isDefault === undefined) return;
  const chain = await lockChain(tx, tenantId, channel);
  if (isDefault) await writeChain(tx, tenantId, channel, [id, ...chain.filter((m) => m !== id)]);
  else if (chain[0] === id) await writeChain(tx, tenantId, channel, chain.slice(1));
}

export async function createIntegration(
  db: Db,
  tenantId: string,
  input: IntegrationCreateInput,
  actor: Actor,
): Promise<Integration> {
  checkVapidPair(input.provider, input.config, input.secrets);
  checkMobileCredentials(input.provider, input.config, input.secrets);
  checkNotInChain(input.provider, input.is_default);
  const hosts = endpointProblems(input.provider, input);
  if (hosts.length > 0) throw invalid("Invalid settings", hosts);
  const id = randomUUID();
  const created = await db.transaction(async (tx) => {
    await tx.insert(integrations).values({
      id,
      tenantId,
      channel: input.channel,
      provider: input.provider,
      name: input.name,
      isActive: input.is_active,
      config: input.config,
      secretsEncrypted: sealSecrets(id, input.secrets),
    });
    if (input.is_default) await applyDefault(tx, tenantId, input.channel, id, true);
    const [row] = await tx.select().from(integrations).where(eq(integrations.id, id));
    await audit(
      tx,
      tenantId,
      actor,
      "integration.created",
      { type: "integration", id },
      { name: input.name, channel: input.channel, provider: input.provider, is_default: input.is_default },
    );
    return row!;
  });
  // After the commit: the pipeline's next lookup must find the new default.
  forgetSender(tenantId, input.channel);
  return created;
}

export function listIntegrations(
  db: Db,
  tenantId: string,
  channel?: ExternalChannel,
): Promise<Integration[]> {
  return db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.tenantId, tenantId),
        isNull(integrations.deletedAt),
        channel ? eq(integrations.channel, channel) : undefined,
      ),
    )
    .orderBy(
      asc(integrations.channel),
      sql`${integrations.chainPosition} asc nulls last`,
      asc(integrations.createdAt),
    );
}

const live = (tenantId: string, id: string) =>
  and(eq(integrations.tenantId, tenantId), eq(integrations.id, id), isNull(integrations.deletedAt));

export async function getIntegration(db: Executor, tenantId: string, id: string): Promise<Integration> {
  const [row] = await db.select().from(integrations).where(live(tenantId, id)).limit(1);
  if (!row) throw notFound("Integration not found");
  return row;
}

/**
 * A partial update. `config` replaces the settings; `secrets` is merged into the stored ones (the
 * caller never sees them, so it cannot send them back); both are checked against the provider.
 */
export async function updateIntegration(
  db: Db,
  tenantId: string,
  id: string,
  input: IntegrationUpdateInput,
  actor: Actor,
): Promise<Integration> {
  const saved = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(integrations).where(live(tenantId, id)).limit(1).for("update");
    if (!row) throw notFound("Integration not found");
    checkNotInChain(row.provider, input.is_default);
    const spec = providerSpecs[row.provider as ProviderSettings["provider"]];
    const config =
      input.config === undefined ? row.config : (parseWith(spec.config, input.config, "config") as Secrets);
    let secretsEncrypted = row.secretsEncrypted;
    if (input.secrets !== undefined || input.config !== undefined) {
      let stored: Secrets = {};
      try {
        stored = openSecrets(row);
      } catch {
        // Sealed under an earlier APP_SECRET: the update must bring every secret again.
      }
      checkEndpointChange(
        row.provider,
        { config: row.config, secrets: stored },
        { config, secrets: input.secrets },
      );
      const secrets = parseWith(spec.secrets, { ...stored, ...input.secrets }, "secrets") as Secrets;
      checkVapidPair(row.provider, config, secrets);
      checkMobileCredentials(row.provider, config, secrets);
      if (input.secrets !== undefined) secretsEncrypted = sealSecrets(row.id, secrets);
    }
    await applyDefault(tx, tenantId, row.channel, row.id, input.is_default);
    const [updated] = await tx
      .update(integrations)
      .set({ name: input.name, isActive: input.is_active, config, secretsEncrypted, updatedAt: new Date() })
      .where(eq(integrations.id, row.id))
      .returning();
    await audit(
      tx,
      tenantId,
      actor,
      "integration.updated",
      { type: "integration", id },
      // Secret names only, never values.
      { fields: Object.keys(input), secrets: Object.keys(input.secrets ?? {}) },
    );
    return updated!;
  });
  forgetSender(tenantId, saved.channel);
  return saved;
}

/** Soft delete: the row stays for the send log, its secrets are wiped and it leaves its chain. */
export async function deleteIntegration(db: Db, tenantId: string, id: string, actor: Actor): Promise<void> {
  const channel = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(integrations)
      .set({
        deletedAt: new Date(),
        isDefault: false,
        isActive: false,
        chainPosition: null,
        secretsEncrypted: null,
      })
      .where(live(tenantId, id))
      .returning({ name: integrations.name, channel: integrations.channel });
    if (!row) throw notFound("Integration not found");
    // The members behind it close up (positions stay 0..n-1).
    const rest = await lockChain(tx, tenantId, row.channel);
    await writeChain(tx, tenantId, row.channel, rest);
    await audit(tx, tenantId, actor, "integration.deleted", { type: "integration", id }, { name: row.name });
    return row.channel;
  });
  forgetSender(tenantId, channel);
}

/** The integration's settings with its secrets decrypted; throws SecretDecryptError when they do not open. */
export function settingsOf(row: Integration): IntegrationSettings {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    updatedAt: row.updatedAt,
    channel: row.channel,
    provider: row.provider,
    config: row.config,
    secrets: openSecrets(row),
  } as IntegrationSettings;
}

/** The tenant's active integrations of the channel's chain, in order (secrets still sealed). */
export function chainIntegrations(
  db: Executor,
  tenantId: string,
  channel: ExternalChannel,
): Promise<Integration[]> {
  return db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.tenantId, tenantId),
        eq(integrations.channel, channel),
        isNotNull(integrations.chainPosition),
        eq(integrations.isActive, true),
        isNull(integrations.deletedAt),
        // Never chained (refused on the way in); a row from elsewhere must not join the Web Push chain.
        notInArray(integrations.provider, [...mobilePushProviders]),
      ),
    )
    .orderBy(asc(integrations.chainPosition), desc(integrations.updatedAt));
}

/**
 * The tenant's active mobile push senders (secrets still sealed): per platform the one changed
 * last, when a tenant keeps more than one.
 */
export async function mobilePushIntegrations(db: Executor, tenantId: string): Promise<Integration[]> {
  const rows = await db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.tenantId, tenantId),
        eq(integrations.channel, "push"),
        inArray(integrations.provider, [...mobilePushProviders]),
        eq(integrations.isActive, true),
        isNull(integrations.deletedAt),
      ),
    )
    .orderBy(desc(integrations.updatedAt), desc(integrations.id));
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.provider) && seen.add(r.provider));
}

/** The tenant's active default integration row for the channel (secrets still sealed), or null. */
export async function defaultIntegration(
  db: Executor,
  tenantId: string,
  channel: ExternalChannel,
): Promise<Integration | null> {
  const [row] = await db
    .select()
    .from(integrations)
    .where(
      and(
        eq(integrations.tenantId, tenantId),
        eq(integrations.channel, channel),
        eq(integrations.isDefault, true),
        eq(integrations.isActive, true),
        isNull(integrations.deletedAt),
      ),
    )
    .orderBy(desc(integrations.updatedAt))
    .limit(1);
  return row ?? null;
}
