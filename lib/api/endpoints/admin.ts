// Administration: API keys, tenants and their settings, the audit log, the dashboard, provider
// accounts and the dev outbox.
import { z } from "zod";
import { auditListQuery, auditPageSchema, listAuditLog } from "../../audit";
import {
  apiKeyCreateSchema,
  apiKeyIdParams,
  apiKeySchema,
  apiKeyUpdateSchema,
  newApiKeySchema,
} from "../../auth/api-key-schema";
import { createTenant, tenantCreateSchema } from "../../auth/provision";
import {
  apiKeyJson,
  createApiKey,
  futureExpiry,
  listApiKeys,
  revokeApiKey,
  updateApiKey,
} from "../../auth/api-key-store";
import { actorOf } from "../../auth/caller";
import { dashboardQuery, dashboardSchema } from "../../dashboard/schema";
import { dashboard } from "../../dashboard/stats";
import { listOutbox, outboxListQuery, outboxPageSchema } from "../../integrations/outbox";
import { testIntegration } from "../../integrations/provider";
import { listChains, setChain } from "../../delivery/chains";
import {
  chainChannelParams,
  chainSchema,
  chainUpdateSchema,
  integrationCreateSchema,
  integrationIdParams,
  integrationListQuery,
  integrationSchema,
  integrationTestResultSchema,
  integrationTestSchema,
  integrationUpdateSchema,
} from "../../integrations/schema";
import {
  createIntegration,
  deleteIntegration,
  getIntegration,
  integrationJson,
  listIntegrations,
  updateIntegration,
} from "../../integrations/store";
import {
  getTenantSettings,
  tenantSettingsSchema,
  tenantSettingsUpdateSchema,
  updateTenantSettings,
} from "../../tenants/settings";
import { rotateTokenSecret, tenantJson, tenantSchema } from "../../tenants/tenants";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.administration;

const apiKeyList = endpoint(
  {
    method: "get",
    path: "/api/v1/api-keys",
    id: "listApiKeys",
    summary: "List API keys",
    tag,
    auth: "admin",
    data: z.object({ api_keys: z.array(apiKeySchema) }),
  },
  async ({ db, caller }) => {
    const keys = await listApiKeys(db, caller.tenantId);
    return { data: { api_keys: keys.map(apiKeyJson) } };
  },
);

const apiKeyCreate = endpoint(
  {
    method: "post",
    path: "/api/v1/api-keys",
    id: "createApiKey",
    summary: "Create an API key",
    description: "The answer holds the secret key: it is never shown again.",
    tag,
    auth: "admin",
    body: apiKeyCreateSchema,
    data: newApiKeySchema,
    message: "API key created",
    status: 201,
  },
  async ({ db, caller, body }) => {
    const expiresAt = futureExpiry(body.expires_at, new Date());
    const { key, record } = await createApiKey(
      db,
      caller.tenantId,
      {
        name: body.name,
        scopes: body.scopes,
        expiresAt,
        createdBy: caller.kind === "session" ? caller.user.id : null,
      },
      actorOf(caller),
    );
    // The only time the key is ever shown.
    return { data: { ...apiKeyJson(record), key } };
  },
);

const apiKeyUpdate = endpoint(
  {
    method: "patch",
    path: "/api/v1/api-keys/{id}",
    id: "updateApiKey",
    summary: "Rename an API key or change its scopes",
    description:
      "New scopes apply to the key's next request on every node. The operator's key (HERALD_API_KEY) cannot be changed here.",
    tag,
    auth: "admin",
    params: apiKeyIdParams,
    body: apiKeyUpdateSchema,
    data: apiKeySchema,
    message: "API key updated",
  },
  async ({ db, caller, params, body }) => {
    const key = await updateApiKey(db, caller.tenantId, params.id, body, actorOf(caller));
    return { data: apiKeyJson(key) };
  },
);

const apiKeyRevoke = endpoint(
  {
    method: "delete",
    path: "/api/v1/api-keys/{id}",
    id: "revokeApiKey",
    summary: "Revoke an API key",
    tag,
    auth: "admin",
    params: apiKeyIdParams,
    data: apiKeySchema,
    message: "API key revoked",
  },
  async ({ db, caller, params }) => {
    const key = await revokeApiKey(db, caller.tenantId, params.id, actorOf(caller));
    return { data: apiKeyJson(key) };
  },
);

const settingsGet = endpoint(
  {
    method: "get",
    path: "/api/v1/tenant/settings",
    id: "getTenantSettings",
    summary: "The tenant's settings",
    tag,
    auth: "admin",
    data: tenantSettingsSchema,
  },
  async ({ db, caller }) => ({ data: await getTenantSettings(db, caller.tenantId) }),
);

const settingsUpdate = endpoint(
  {
    method: "put",
    path: "/api/v1/tenant/settings",
    id: "updateTenantSettings",
    summary: "Change the tenant's settings",
    description:
      "Only the fields given change. `embed_origins`: up to 20 origins (https; http only for localhost) whose pages may frame /embed/*. `tracking`: `{opens, clicks}` (either alone), off by default: opens are recorded by a pixel, clicks by signed redirects; the dashboard shows the rates per template.",
    tag,
    auth: "admin",
    body: tenantSettingsUpdateSchema,
    data: tenantSettingsSchema,
  },
  async ({ db, caller, body }) => ({
    data: await updateTenantSettings(db, caller.tenantId, body, actorOf(caller)),
  }),
);

const tokenSecretRotate = endpoint(
  {
    method: "post",
    path: "/api/v1/tenant/rotate-token-secret",
    id: "rotateTokenSecret",
    summary: "Rotate the tenant's subscriber-token secret",
    description: "Every subscriber token issued before stops working.",
    tag,
    auth: "admin",
    data: z.null(),
    message: "Token secret rotated: every subscriber token issued before is now invalid",
  },
  async ({ db, caller }) => {
    await rotateTokenSecret(db, caller.tenantId, actorOf(caller));
    return { data: null };
  },
);

const tenantCreate = endpoint(
  {
    method: "post",
    path: "/api/v1/tenants",
    id: "createTenant",
    summary: "Create a tenant and its first admin API key",
    tag,
    auth: "super",
    body: tenantCreateSchema,
    data: z.object({ tenant: tenantSchema, api_key: newApiKeySchema }),
    message: "Tenant created",
    status: 201,
    errors: [409],
  },
  async ({ db, caller, body }) => {
    const { tenant, key, apiKey } = await createTenant(db, body, actorOf(caller));
    return { data: { tenant: tenantJson(tenant), api_key: { ...apiKeyJson(apiKey), key } } };
  },
);

const auditLogList = endpoint(
  {
    method: "get",
    path: "/api/v1/audit-log",
    id: "listAuditLog",
    summary: "The audit log: who changed what, and when",
    description:
      "Written by Herald itself in the same transaction as each change: templates, sends, announcements, API keys, integrations, users and imports. Newest first; keyset pages with `cursor` / `next_cursor`.",
    tag,
    auth: "admin",
    query: auditListQuery,
    data: auditPageSchema,
  },
  async ({ db, caller, query }) => ({ data: await listAuditLog(db, caller.tenantId, query) }),
);

const dashboardGet = endpoint(
  {
    method: "get",
    path: "/api/v1/admin/dashboard",
    id: "getDashboard",
    summary: "Delivery health: today's figures, sends per channel, success per channel and provider",
    description:
      "Today's cards (from midnight in `tz`), sends per channel in 24 hourly or 14 daily buckets, delivery success rates per channel and per provider over the same window, and the top failure reasons.",
    tag,
    auth: "admin",
    query: dashboardQuery,
    data: dashboardSchema,
  },
  async ({ db, caller, query }) => ({ data: await dashboard(db, caller.tenantId, query) }),
);

const integrationList = endpoint(
  {
    method: "get",
    path: "/api/v1/integrations",
    id: "listIntegrations",
    summary: "List provider accounts",
    tag,
    auth: "admin",
    query: integrationListQuery,
    data: z.object({ integrations: z.array(integrationSchema) }),
  },
  async ({ db, caller, query }) => {
    const rows = await listIntegrations(db, caller.tenantId, query.channel);
    return { data: { integrations: rows.map(integrationJson) } };
  },
);

const integrationCreate = endpoint(
  {
    method: "post",
    path: "/api/v1/integrations",
    id: "createIntegration",
    summary: "Add a provider account for a channel",
    description:
      "`config` and `secrets` depend on `provider`: resend `{from, base_url?}` + `{api_key}`; smtp `{from}` + `{url}`; twilio `{from, base_url?}` + `{account_sid, auth_token}`; webpush `{public_key, subject}` + `{private_key}`; fcm (channel push, mobile devices) `{project_id?}` + `{service_account}` (the key file's JSON); apns (channel push, mobile devices) `{key_id, team_id, bundle_id, environment?}` + `{private_key}` (the .p8 text); wechat `{app_id, base_url?}` + `{app_secret}`; slack_bot (channel chat) `{base_url?}` + `{bot_token}`; outbox none. Secrets are stored encrypted and never returned (`secrets_set` names them). `is_default` makes it the channel's one default (not for fcm and apns: they send to their platform's devices beside the push chain, never in it).",
    tag,
    auth: "admin",
    body: integrationCreateSchema,
    data: integrationSchema,
    message: "Integration created",
    status: 201,
  },
  async ({ db, caller, body }) => {
    const row = await createIntegration(db, caller.tenantId, body, actorOf(caller));
    return { data: integrationJson(row) };
  },
);

const chainList = endpoint(
  {
    method: "get",
    path: "/api/v1/integrations/chains",
    id: "listIntegrationChains",
    summary: "Every channel's failover chain, in order, with each provider's health",
    description:
      "A delivery tries the first healthy member; after its retries (or at once on a provider fault such as a refused key) it moves to the next. `circuit` is this server process's breaker. An empty chain sends with `fallback`, the environment's provider.",
    tag,
    auth: "admin",
    data: z.object({ chains: z.array(chainSchema) }),
  },
  async ({ db, caller }) => ({ data: { chains: await listChains(db, caller.tenantId) } }),
);

const chainUpdate = endpoint(
  {
    method: "put",
    path: "/api/v1/integrations/chains/{channel}",
    id: "updateIntegrationChain",
    summary: "Set the order of a channel's failover chain",
    description:
      "Integrations left out leave the chain (they stay configured). The first becomes the channel's default (`is_default`).",
    tag,
    auth: "admin",
    params: chainChannelParams,
    body: chainUpdateSchema,
    data: chainSchema,
    message: "Chain saved",
  },
  async ({ db, caller, params, body }) => {
    await setChain(db, caller.tenantId, params.channel, body, actorOf(caller));
    const chains = await listChains(db, caller.tenantId);
    return { data: chains.find((c) => c.channel === params.channel)! };
  },
);

const integrationGet = endpoint(
  {
    method: "get",
    path: "/api/v1/integrations/{id}",
    id: "getIntegration",
    summary: "Get a provider account",
    tag,
    auth: "admin",
    params: integrationIdParams,
    data: integrationSchema,
  },
  async ({ db, caller, params }) => ({
    data: integrationJson(await getIntegration(db, caller.tenantId, params.id)),
  }),
);

const integrationUpdate = endpoint(
  {
    method: "put",
    path: "/api/v1/integrations/{id}",
    id: "updateIntegration",
    summary: "Change a provider account",
    description:
      "Partial: omitted fields stay. `config` replaces the settings; `secrets` is merged into the stored ones. The channel and provider do not change.",
    tag,
    auth: "admin",
    params: integrationIdParams,
    body: integrationUpdateSchema,
    data: integrationSchema,
    message: "Integration saved",
  },
  async ({ db, caller, params, body }) => {
    const row = await updateIntegration(db, caller.tenantId, params.id, body, actorOf(caller));
    return { data: integrationJson(row) };
  },
);

const integrationDelete = endpoint(
  {
    method: "delete",
    path: "/api/v1/integrations/{id}",
    id: "deleteIntegration",
    summary: "Delete a provider account",
    description:
      "Its secrets are wiped; the channel falls back to the environment's provider if it was the default.",
    tag,
    auth: "admin",
    params: integrationIdParams,
    data: z.null(),
    message: "Integration deleted",
  },
  async ({ db, caller, params }) => {
    await deleteIntegration(db, caller.tenantId, params.id, actorOf(caller));
    return { data: null };
  },
);

const integrationTest = endpoint(
  {
    method: "post",
    path: "/api/v1/integrations/{id}/test",
    id: "testIntegration",
    summary: "Send a test message through a provider account",
    description:
      "A provider failure is reported in the answer (`ok: false`, `error`), not as an error status.",
    tag,
    auth: "admin",
    params: integrationIdParams,
    body: integrationTestSchema,
    data: integrationTestResultSchema,
  },
  async ({ db, caller, params, body }) => {
    const row = await getIntegration(db, caller.tenantId, params.id);
    const result = await testIntegration(row, body);
    return { data: result, message: result.ok ? "Test message sent" : "Test message failed" };
  },
);

const outboxList = endpoint(
  {
    method: "get",
    path: "/api/v1/dev/outbox",
    id: "listOutbox",
    summary: "The dev outbox: messages sent on channels without a provider",
    description: "Newest first; keyset pages with `cursor` / `next_cursor`.",
    tag,
    auth: "admin",
    query: outboxListQuery,
    data: outboxPageSchema,
  },
  async ({ db, caller, query }) => ({ data: await listOutbox(db, caller.tenantId, query) }),
);

export const adminEndpoints: Endpoint[] = [
  apiKeyList,
  apiKeyCreate,
  apiKeyUpdate,
  apiKeyRevoke,
  settingsGet,
  settingsUpdate,
  tokenSecretRotate,
  tenantCreate,
  auditLogList,
  dashboardGet,
  integrationList,
  integrationCreate,
  // Before /integrations/{id}, which would take "chains" for an id.
  chainList,
  chainUpdate,
  integrationGet,
  integrationUpdate,
  integrationDelete,
  integrationTest,
  outboxList,
];
