// The outbound webhooks' event catalog: a pure vocabulary module, so the console's event-type
// picker and the server's checks read the same list.

export const webhookEventTypes = [
  "notification.created",
  "notification.read",
  "notification.seen",
  "notification.archived",
  "notification.deleted",
  "notification.interacted",
  "delivery.sent",
  "delivery.delivered",
  "delivery.bounced",
  "delivery.failed",
  "delivery.opened",
  "delivery.clicked",
  "workflow_run.completed",
  "workflow_run.failed",
  "announcement.published",
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent by "send test event" only; endpoints receive it whatever types they subscribe to. */
export const WEBHOOK_TEST_EVENT = "webhook.test";

/** What each event means, as the console and the API docs describe it. */
export const webhookEventLabels: Record<WebhookEventType, string> = {
  "notification.created": "A notification was written to a user's inbox",
  "notification.read": "A user read a notification",
  "notification.seen": "A user saw a notification in their inbox",
  "notification.archived": "A user archived a notification",
  "notification.deleted": "A user deleted a notification",
  "notification.interacted": "A user clicked one of a notification's action buttons",
  "delivery.sent": "A channel delivery was handed to its provider",
  "delivery.delivered": "The provider reported a delivery delivered",
  "delivery.bounced": "The provider reported a delivery bounced",
  "delivery.failed": "A delivery failed for good",
  "delivery.opened": "An email delivery was opened",
  "delivery.clicked": "A link in an email delivery was clicked",
  "workflow_run.completed": "A workflow run completed",
  "workflow_run.failed": "A workflow run failed",
  "announcement.published": "An announcement was published",
};

/** Why Herald disabled an endpoint (its `disabled_reason`), as the console says it. */
export const WEBHOOK_DISABLED_FAILING = "failing_3_days";
export const webhookDisabledReasonLabels: Record<string, string> = {
  [WEBHOOK_DISABLED_FAILING]: "Disabled by Herald: deliveries failed for 3 days without a success",
};

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (webhookEventTypes as readonly string[]).includes(value);
}

/** Whether an endpoint subscribed to `types` (null: every type) receives `type`. */
export function endpointWants(types: readonly string[] | null, type: string): boolean {
  return type === WEBHOOK_TEST_EVENT || types === null || types.includes(type);
}
