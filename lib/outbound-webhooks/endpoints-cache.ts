// Which enabled webhook endpoints a tenant has, cached for a few seconds: every domain event asks,
// and most tenants (most deployments) have none, so the answer must almost never cost a query.
// A change clears this node's entry at once and, through the `webhook_endpoints.changed` event the
// realtime layer forwards, the other nodes'; the short lifetime bounds what a node that missed it serves.
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { webhookEndpoints } from "../db/schema";
import { processSingleton } from "../process-singleton";

const CACHE_MS = 5_000;

export type CachedEndpoint = { id: string; eventTypes: string[] | null };

type State = {
  any?: { value: boolean; until: number };
  tenants: Map<string, { endpoints: CachedEndpoint[]; until: number }>;
};
const state = () =>
  processSingleton("outbound-webhooks.endpoints-cache", (): State => ({ tenants: new Map() }));

/** Whether any tenant of the deployment has an enabled endpoint (one cheap query per few seconds). */
export async function hasAnyEnabledEndpoint(db: Db): Promise<boolean> {
  const s = state();
  const now = Date.now();
  if (s.any && s.any.until > now) return s.any.value;
  const [row] = await db
    .select({ id: webhookEndpoints.id })
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.isEnabled, true))
    .limit(1);
  s.any = { value: Boolean(row), until: now + CACHE_MS };
  return s.any.value;
}

/** The tenant's enabled endpoints and the event types each receives. */
export async function enabledEndpointsOf(db: Db, tenantId: string): Promise<CachedEndpoint[]> {
  if (!(await hasAnyEnabledEndpoint(db))) return [];
  const s = state();
  const now = Date.now();
  const cached = s.tenants.get(tenantId);
  if (cached && cached.until > now) return cached.endpoints;
  const endpoints = await db
    .select({ id: webhookEndpoints.id, eventTypes: webhookEndpoints.eventTypes })
    .from(webhookEndpoints)
    .where(and(eq(webhookEndpoints.tenantId, tenantId), eq(webhookEndpoints.isEnabled, true)));
  if (s.tenants.size >= 10_000) s.tenants.clear(); // unbounded tenants must not grow memory
  s.tenants.set(tenantId, { endpoints, until: now + CACHE_MS });
  return endpoints;
}

/** Drops what this node knows of the tenant's endpoints (changed here or on another node). */
export function forgetWebhookEndpoints(tenantId: string): void {
  const s = state();
  s.tenants.delete(tenantId);
  s.any = undefined;
}
