// Outbound webhooks (Standard Webhooks): the endpoints a tenant's admins register, their secrets,
// test events, delivery attempts and replays. Not the provider callbacks (webhooks.ts).
import { z } from "zod";
import { actorOf } from "../../auth/caller";
import { listWebhookAttempts, sendTestEvent } from "../../outbound-webhooks/attempts";
import { replayWebhookMessage } from "../../outbound-webhooks/deliver";
import {
  webhookAttemptPageSchema,
  webhookAttemptsQuery,
  webhookEndpointCreateSchema,
  webhookEndpointIdParams,
  webhookEndpointSchema,
  webhookEndpointUpdateSchema,
  webhookEndpointWithSecretSchema,
  webhookMessageParams,
  webhookMessageSchema,
} from "../../outbound-webhooks/schema";
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
  webhookEndpointJson,
} from "../../outbound-webhooks/store";
import { webhookEventTypes } from "../../vocabulary/webhook-events";
import { TAG } from "../doc-parts";
import { endpoint, type Endpoint } from "../endpoint";

const tag = TAG.webhookEndpoints;
const BASE = "/api/v1/webhook-endpoints";

const list = endpoint(
  {
    method: "get",
    path: BASE,
    id: "listWebhookEndpoints",
    summary: "List outbound webhook endpoints",
    tag,
    auth: "admin",
    data: z.object({ endpoints: z.array(webhookEndpointSchema) }),
  },
  async ({ db, caller }) => ({
    data: { endpoints: (await listWebhookEndpoints(db, caller.tenantId)).map(webhookEndpointJson) },
  }),
);

const create = endpoint(
  {
    method: "post",
    path: BASE,
    id: "createWebhookEndpoint",
    summary: "Register an outbound webhook endpoint",
    description: `Herald POSTs each event (\`{type, timestamp, data}\`) to \`url\`, signed per Standard Webhooks (\`webhook-id\`, \`webhook-timestamp\`, \`webhook-signature\` headers). \`url\` must be https and resolve to a public address. Event types: ${webhookEventTypes.join(", ")}. The answer holds the signing secret: it is never shown again.`,
    tag,
    auth: "admin",
    body: webhookEndpointCreateSchema,
    data: webhookEndpointWithSecretSchema,
    message: "Webhook endpoint created",
    status: 201,
  },
  async ({ db, caller, body }) => {
    const { row, secret } = await createWebhookEndpoint(db, caller.tenantId, body, actorOf(caller));
    return { data: { endpoint: webhookEndpointJson(row), secret } };
  },
);

const get = endpoint(
  {
    method: "get",
    path: `${BASE}/{id}`,
    id: "getWebhookEndpoint",
    summary: "Get an outbound webhook endpoint",
    tag,
    auth: "admin",
    params: webhookEndpointIdParams,
    data: webhookEndpointSchema,
  },
  async ({ db, caller, params }) => ({
    data: webhookEndpointJson(await getWebhookEndpoint(db, caller.tenantId, params.id)),
  }),
);

const update = endpoint(
  {
    method: "patch",
    path: `${BASE}/{id}`,
    id: "updateWebhookEndpoint",
    summary: "Change an outbound webhook endpoint",
    description:
      "Partial: omitted fields stay. `enabled: true` on an endpoint Herald disabled clears its failure streak.",
    tag,
    auth: "admin",
    params: webhookEndpointIdParams,
    body: webhookEndpointUpdateSchema,
    data: webhookEndpointSchema,
    message: "Webhook endpoint saved",
  },
  async ({ db, caller, params, body }) => ({
    data: webhookEndpointJson(
      await updateWebhookEndpoint(db, caller.tenantId, params.id, body, actorOf(caller)),
    ),
  }),
);

const remove = endpoint(
  {
    method: "delete",
    path: `${BASE}/{id}`,
    id: "deleteWebhookEndpoint",
    summary: "Delete an outbound webhook endpoint",
    description: "Its messages and attempts go with it; pending retries stop.",
    tag,
    auth: "admin",
    params: webhookEndpointIdParams,
    data: z.null(),
    message: "Webhook endpoint deleted",
  },
  async ({ db, caller, params }) => {
    await deleteWebhookEndpoint(db, caller.tenantId, params.id, actorOf(caller));
    return { data: null };
  },
);

const rotate = endpoint(
  {
    method: "post",
    path: `${BASE}/{id}/rotate-secret`,
    id: "rotateWebhookEndpointSecret",
    summary: "Rotate an endpoint's signing secret",
    description:
      "The answer holds the new secret (shown once). For 24 h messages carry two signatures, by the new and the old secret, so receivers can switch without a gap.",
    tag,
    auth: "admin",
    params: webhookEndpointIdParams,
    data: webhookEndpointWithSecretSchema,
    message: "Secret rotated",
  },
  async ({ db, caller, params }) => {
    const { row, secret } = await rotateWebhookSecret(db, caller.tenantId, params.id, actorOf(caller));
    return { data: { endpoint: webhookEndpointJson(row), secret } };
  },
);

const test = endpoint(
  {
    method: "post",
    path: `${BASE}/{id}/test`,
    id: "testWebhookEndpoint",
    summary: "Send a test event (webhook.test) to an endpoint",
    description:
      "Queued like any message: its attempts appear in the endpoint's attempts. 409 when disabled.",
    tag,
    auth: "admin",
    params: webhookEndpointIdParams,
    data: z.object({ message_id: z.string() }),
    message: "Test event queued",
    status: 202,
  },
  async ({ db, caller, params }) => ({
    data: { message_id: await sendTestEvent(db, caller.tenantId, params.id) },
  }),
);

const attempts = endpoint(
  {
    method: "get",
    path: `${BASE}/{id}/attempts`,
    id: "listWebhookAttempts",
    summary: "An endpoint's delivery attempts",
    description: "Newest first; keyset pages with `cursor` / `next_cursor`.",
    tag,
    auth: "admin",
    params: webhookEndpointIdParams,
    query: webhookAttemptsQuery,
    data: webhookAttemptPageSchema,
  },
  async ({ db, caller, params, query }) => ({
    data: await listWebhookAttempts(db, caller.tenantId, params.id, query),
  }),
);

const replay = endpoint(
  {
    method: "post",
    path: `${BASE}/{id}/messages/{message_id}/replay`,
    id: "replayWebhookMessage",
    summary: "Send a stored message again",
    description: "The same body and webhook-id, as its next attempt. 409 when the endpoint is disabled.",
    tag,
    auth: "admin",
    params: webhookMessageParams,
    data: webhookMessageSchema,
    message: "Replay queued",
    status: 202,
  },
  async ({ db, caller, params }) => {
    const m = await replayWebhookMessage(db, caller.tenantId, params.id, params.message_id);
    return { data: { id: m.id, event_type: m.eventType, status: m.status, attempts: m.attempts } };
  },
);

export const webhookEndpointsEndpoints: Endpoint[] = [
  list,
  create,
  get,
  update,
  remove,
  rotate,
  test,
  attempts,
  replay,
];
