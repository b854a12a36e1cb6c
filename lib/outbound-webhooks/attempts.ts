// Reading an endpoint's delivery attempts (the console's log, GET …/attempts), and the test event.
import { and, desc, eq, type SQL } from "drizzle-orm";
import type { z } from "zod";
import { clock } from "../clock";
import type { Db } from "../db/client";
import { webhookAttempts, webhookMessages } from "../db/schema";
import { conflict } from "../errors";
import { afterTimeCursor, exactTime, timeCursorOf } from "../http/cursor";
import { WEBHOOK_TEST_EVENT } from "../vocabulary/webhook-events";
import { recordWebhookEvent } from "./recorder";
import type { WebhookAttemptsQuery, webhookAttemptPageSchema } from "./schema";
import { getWebhookEndpoint } from "./store";

const exactCreatedAt = exactTime(webhookAttempts.createdAt);

/** Newest first, by keyset (created_at, id). */
export async function listWebhookAttempts(
  db: Db,
  tenantId: string,
  endpointId: string,
  q: WebhookAttemptsQuery,
): Promise<z.input<typeof webhookAttemptPageSchema>> {
  await getWebhookEndpoint(db, tenantId, endpointId);
  const where: SQL[] = [eq(webhookAttempts.tenantId, tenantId), eq(webhookAttempts.endpointId, endpointId)];
  if (q.cursor) where.push(afterTimeCursor(webhookAttempts.createdAt, webhookAttempts.id, q.cursor));
  const rows = await db
    .select({ attempt: webhookAttempts, messageStatus: webhookMessages.status, exactCreatedAt })
    .from(webhookAttempts)
    .innerJoin(webhookMessages, eq(webhookMessages.id, webhookAttempts.messageId))
    .where(and(...where))
    .orderBy(desc(webhookAttempts.createdAt), desc(webhookAttempts.id))
    .limit(q.page_size + 1);
  const page = rows.slice(0, q.page_size);
  const last = page[page.length - 1];
  return {
    attempts: page.map(({ attempt: a, messageStatus }) => ({
      id: a.id,
      message_id: a.messageId,
      event_type: a.eventType,
      attempt: a.attempt,
      response_status: a.responseStatus,
      duration_ms: a.durationMs,
      error: a.error,
      response_body: a.responseBody,
      message_status: messageStatus,
      created_at: a.createdAt.toISOString(),
    })),
    next_cursor:
      rows.length > q.page_size && last
        ? timeCursorOf({ exactCreatedAt: last.exactCreatedAt, id: last.attempt.id })
        : null,
  };
}

/** Queues a `webhook.test` message to the endpoint, whatever event types it receives. */
export async function sendTestEvent(db: Db, tenantId: string, endpointId: string): Promise<string> {
  const endpoint = await getWebhookEndpoint(db, tenantId, endpointId);
  if (!endpoint.isEnabled) throw conflict("The endpoint is disabled: enable it to send a test event");
  const [written] = await recordWebhookEvent(
    db,
    {
      tenantId,
      type: WEBHOOK_TEST_EVENT,
      data: {
        endpoint_id: endpointId,
        message: "A test event from Herald",
        sent_at: clock().now().toISOString(),
      },
    },
    [endpointId],
  );
  if (!written) throw conflict("The endpoint is disabled: enable it to send a test event");
  return written.messageId;
}
