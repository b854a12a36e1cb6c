// Tenants' outbound webhook endpoints: registered URLs (checked like the guarded agent checks every
// connection), their signing secrets sealed with APP_SECRET, rotation with a 24 h overlap.
import { randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import type { z } from "zod";
import { audit, type Actor } from "../audit";
import { clock } from "../clock";
import { decryptSecret, encryptSecret } from "../crypto/secrets";
import type { Db, Executor } from "../db/client";
import { webhookEndpoints } from "../db/schema";
import { invalid, notFound } from "../errors";
import { bus } from "../events";
import { outboundUrlProblem } from "../http/outbound";
import { forgetWebhookEndpoints } from "./endpoints-cache";
import type { WebhookEndpointCreateInput, webhookEndpointSchema, WebhookEndpointUpdateInput } from "./schema";

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;

/** How long the secret a rotation replaced keeps signing, so receivers can switch without a gap. */
export const PREVIOUS_SECRET_MS = 24 * 3600_000;

// The row id is bound into the ciphertext: a sealed secret copied onto another row does not open there.
const contextOf = (id: string) => ({ context: `webhook-endpoint:${id}` });

/** A Standard Webhooks secret: `whsec_` and the base64 of 32 random bytes. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** The secrets that sign a message now: the current one, and the replaced one during its overlap. */
export function signingSecrets(row: WebhookEndpoint, now: Date = clock().now()): string[] {
  const secrets = [decryptSecret(row.secretSealed, contextOf(row.id))];
  if (row.previousSecretSealed && row.previousSecretExpiresAt && row.previousSecretExpiresAt > now) {
    secrets.push(decryptSecret(row.previousSecretSealed, contextOf(row.id)));
  }
  return secrets;
}

export function webhookEndpointJson(row: WebhookEndpoint): z.input<typeof webhookEndpointSchema> {
  const now = clock().now();
  const overlap = row.previousSecretExpiresAt && row.previousSecretExpiresAt > now;
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: row.eventTypes,
    enabled: row.isEnabled,
    disabled_reason: row.disabledReason,
    previous_secret_expires_at: overlap ? row.previousSecretExpiresAt!.toISOString() : null,
    failing_since: row.failingSince?.toISOString() ?? null,
    last_success_at: row.lastSuccessAt?.toISOString() ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const URL_PROBLEMS = {
  scheme: "must be an https URL",
  address: "resolves to a private, loopback or metadata address Herald does not send to",
  unresolved: "has a host name that does not resolve",
} as const;

/** The URL as stored, or a 400 naming `url`: https, no credentials, a public address now. */
async function checkedUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid("Invalid url", [{ field: "url", message: "must be an https URL" }]);
  }
  const refuse = (message: string) => invalid("Invalid url", [{ field: "url", message }]);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw refuse(URL_PROBLEMS.scheme);
  if (url.username || url.password) throw refuse("must not carry credentials");
  const problem = await outboundUrlProblem(url);
  if (problem) throw refuse(URL_PROBLEMS[problem]);
  return url.href;
}

/** After the commit: this node's cache at once, the other nodes' through the forwarded event. */
function changed(tenantId: string): void {
  forgetWebhookEndpoints(tenantId);
  bus().publish("webhook_endpoints.changed", { tenantId });
}

export async function createWebhookEndpoint(
  db: Db,
  tenantId: string,
  input: WebhookEndpointCreateInput,
  actor: Actor,
): Promise<{ row: WebhookEndpoint; secret: string }> {
  const url = await checkedUrl(input.url);
  const id = randomUUID();
  const secret = generateWebhookSecret();
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        tenantId,
        url,
        description: input.description,
        eventTypes: input.event_types,
        isEnabled: input.enabled,
        secretSealed: encryptSecret(secret, contextOf(id)),
      })
      .returning();
    await audit(
      tx,
      tenantId,
      actor,
      "webhook_endpoint.created",
      { type: "webhook_endpoint", id },
      { url, event_types: input.event_types, enabled: input.enabled },
    );
    return created!;
  });
  changed(tenantId);
  return { row, secret };
}

export function listWebhookEndpoints(db: Db, tenantId: string): Promise<WebhookEndpoint[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.tenantId, tenantId))
    .orderBy(desc(webhookEndpoints.createdAt), desc(webhookEndpoints.id));
}

const own = (tenantId: string, id: string) =>
  and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.id, id));

export async function getWebhookEndpoint(
  db: Executor,
  tenantId: string,
  id: string,
): Promise<WebhookEndpoint> {
  const [row] = await db.select().from(webhookEndpoints).where(own(tenantId, id)).limit(1);
  if (!row) throw notFound("Webhook endpoint not found");
  return row;
}

/** A partial update; enabling an endpoint Herald disabled clears the reason and its failure streak. */
export async function updateWebhookEndpoint(
  db: Db,
  tenantId: string,
  id: string,
  input: WebhookEndpointUpdateInput,
  actor: Actor,
): Promise<WebhookEndpoint> {
  await getWebhookEndpoint(db, tenantId, id); // another tenant's endpoint is 404, not a 400 on its url
  const url = input.url === undefined ? undefined : await checkedUrl(input.url);
  const row = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhookEndpoints)
      .set({
        ...(url !== undefined ? { url } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.event_types !== undefined ? { eventTypes: input.event_types } : {}),
        ...(input.enabled !== undefined
          ? {
              isEnabled: input.enabled,
              disabledReason: null,
              ...(input.enabled ? { failingSince: null } : {}),
            }
          : {}),
      })
      .where(own(tenantId, id))
      .returning();
    if (!updated) throw notFound("Webhook endpoint not found");
    await audit(
      tx,
      tenantId,
      actor,
      "webhook_endpoint.updated",
      { type: "webhook_endpoint", id },
      {
        ...(url !== undefined ? { url } : {}),
        ...(input.event_types !== undefined ? { event_types: input.event_types } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      },
    );
    return updated;
  });
  changed(tenantId);
  return row;
}

/** Deletes the endpoint with its messages and attempts (their pending retries find nothing). */
export async function deleteWebhookEndpoint(
  db: Db,
  tenantId: string,
  id: string,
  actor: Actor,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(webhookEndpoints)
      .where(own(tenantId, id))
      .returning({ url: webhookEndpoints.url });
    if (!deleted) throw notFound("Webhook endpoint not found");
    await audit(tx, tenantId, actor, "webhook_endpoint.deleted", { type: "webhook_endpoint", id }, deleted);
  });
  changed(tenantId);
}

/** A new secret; the one it replaces keeps signing (both signatures sent) for PREVIOUS_SECRET_MS. */
export async function rotateWebhookSecret(
  db: Db,
  tenantId: string,
  id: string,
  actor: Actor,
): Promise<{ row: WebhookEndpoint; secret: string }> {
  const secret = generateWebhookSecret();
  const row = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(webhookEndpoints).where(own(tenantId, id)).for("update");
    if (!current) throw notFound("Webhook endpoint not found");
    const [rotated] = await tx
      .update(webhookEndpoints)
      .set({
        secretSealed: encryptSecret(secret, contextOf(id)),
        previousSecretSealed: current.secretSealed,
        previousSecretExpiresAt: new Date(clock().now().getTime() + PREVIOUS_SECRET_MS),
      })
      .where(own(tenantId, id))
      .returning();
    await audit(tx, tenantId, actor, "webhook_endpoint.secret_rotated", { type: "webhook_endpoint", id });
    return rotated!;
  });
  changed(tenantId);
  return { row, secret };
}
