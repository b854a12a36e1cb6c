// The failover chains of a tenant's channels as the console and the API see them: each member's
// place and health (its circuit in this process, its last failed attempt), and their reordering.
import { and, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { z } from "zod";
import { audit, type Actor } from "../audit";
import type { Db } from "../db/client";
import { deliveryAttempts, integrations } from "../db/schema";
import { invalid, type FieldError } from "../errors";
import { forgetSender } from "../integrations/sender-cache";
import {
  externalChannels,
  isMobilePushProvider,
  type chainSchema,
  type ChainUpdateInput,
  type IntegrationProvider,
} from "../integrations/schema";
import { listIntegrations, lockChain, writeChain, type Integration } from "../integrations/store";
import type { ExternalChannel } from "../providers/types";
import { circuitOf } from "./breakers";
import { environmentProviderName } from "./providers";

type ChainJson = z.input<typeof chainSchema>;

/** Each integration's last failed attempt, in one query. */
async function lastErrors(db: Db, tenantId: string, ids: string[]) {
  const byId = new Map<string, { code: string | null; message: string | null; at: string }>();
  if (ids.length === 0) return byId;
  const rows = await db
    .selectDistinctOn([deliveryAttempts.integrationId], {
      integrationId: deliveryAttempts.integrationId,
      code: deliveryAttempts.errorCode,
      message: deliveryAttempts.errorMessage,
      at: deliveryAttempts.endedAt,
    })
    .from(deliveryAttempts)
    .where(
      and(
        eq(deliveryAttempts.tenantId, tenantId),
        inArray(deliveryAttempts.integrationId, ids),
        ne(deliveryAttempts.outcome, "sent"),
      ),
    )
    .orderBy(deliveryAttempts.integrationId, desc(deliveryAttempts.endedAt));
  for (const r of rows)
    byId.set(r.integrationId!, { code: r.code, message: r.message, at: r.at.toISOString() });
  return byId;
}

/** Every channel's chain in order, with what sends when it is empty. */
export async function listChains(db: Db, tenantId: string): Promise<ChainJson[]> {
  const rows = await listIntegrations(db, tenantId);
  const members = rows.filter((r) => r.chainPosition !== null);
  const errors = await lastErrors(
    db,
    tenantId,
    members.map((m) => m.id),
  );
  return Promise.all(
    externalChannels.map(async (channel): Promise<ChainJson> => {
      const chain = members
        .filter((m) => m.channel === channel)
        .sort((a, b) => a.chainPosition! - b.chainPosition!)
        .map((m) => memberJson(m, errors.get(m.id) ?? null));
      return { channel, members: chain, fallback: await environmentProviderName(db, tenantId, channel) };
    }),
  );
}

function memberJson(row: Integration, lastError: ChainJson["members"][number]["last_error"]) {
  return {
    integration_id: row.id,
    name: row.name,
    provider: row.provider as IntegrationProvider,
    is_active: row.isActive,
    circuit: circuitOf({
      channel: row.channel as ExternalChannel,
      name: row.provider,
      integrationId: row.id,
    }),
    last_error: lastError,
  };
}

/**
 * Makes `ids` the channel's chain, in order (the first becomes its default). Every id must be one
 * of the tenant's integrations of that channel, each once; otherwise nothing changes.
 */
export async function setChain(
  db: Db,
  tenantId: string,
  channel: ExternalChannel,
  input: ChainUpdateInput,
  actor: Actor,
): Promise<void> {
  const ids = input.integration_ids;
  await db.transaction(async (tx) => {
    const before = await lockChain(tx, tenantId, channel);
    const found = ids.length
      ? await tx
          .select({ id: integrations.id, channel: integrations.channel, provider: integrations.provider })
          .from(integrations)
          .where(
            and(
              eq(integrations.tenantId, tenantId),
              inArray(integrations.id, [...new Set(ids)]),
              isNull(integrations.deletedAt),
            ),
          )
      : [];
    const channelOf = new Map(found.map((r) => [r.id, r.channel]));
    const providerOf = new Map(found.map((r) => [r.id, r.provider]));
    const problems: FieldError[] = [];
    ids.forEach((id, i) => {
      const field = `integration_ids.${i}`;
      const of = channelOf.get(id);
      if (ids.indexOf(id) !== i) problems.push({ field, message: "is listed more than once" });
      // Another tenant's integration answers as an unknown one.
      else if (!of) problems.push({ field, message: "is not an integration of this tenant" });
      else if (of !== channel) problems.push({ field, message: `is a ${of} integration, not ${channel}` });
      else if (isMobilePushProvider(providerOf.get(id)!))
        problems.push({
          field,
          message: `is a ${providerOf.get(id)} integration: it sends to its platform's devices and is not in the push chain`,
        });
    });
    if (problems.length > 0) throw invalid("Invalid chain", problems);
    await writeChain(tx, tenantId, channel, ids);
    await audit(tx, tenantId, actor, "integration.chain_updated", undefined, {
      channel,
      before,
      after: ids,
    });
  });
  // After the commit: the pipeline's next lookup must see the new order.
  forgetSender(tenantId, channel);
}
