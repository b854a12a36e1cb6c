// The dev outbox: "sends" by recording the message in dev_outbox, for development and the console's Outbox page.
import { getDb } from "../db/client";
import { devOutbox } from "../db/schema";
import { ProviderError, type ExternalChannel, type Provider, type RenderedMessage } from "./types";

export function createOutboxProvider(channel: ExternalChannel): Provider {
  return {
    name: "outbox",
    channel,
    async send(message: RenderedMessage) {
      try {
        const [row] = await getDb()
          .insert(devOutbox)
          .values({
            tenantId: message.tenantId,
            deliveryId: message.deliveryId,
            channel: message.channel,
            to: message.to,
            subject: message.title,
            body: message.text,
            payload: {
              html: message.html ?? null,
              actionUrl: message.actionUrl ?? null,
              actionText: message.actionText ?? null,
              data: message.data ?? null,
              headers: message.headers ?? null,
            },
          })
          .returning({ id: devOutbox.id });
        return { providerMessageId: row!.id };
      } catch (cause) {
        // The database is ours, not a provider's: a failed write is worth another try.
        const error = new ProviderError(`outbox: ${(cause as Error).message}`, true, "outbox_unavailable");
        error.cause = cause;
        throw error;
      }
    },
  };
}
