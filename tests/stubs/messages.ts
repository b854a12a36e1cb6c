// Test helpers for provider tests: a message to send, and the ProviderError a failed send throws.
import { randomUUID } from "node:crypto";
import { ProviderError, type ExternalChannel, type RenderedMessage } from "@/lib/providers/types";

export function messageFor(
  channel: ExternalChannel,
  overrides: Partial<RenderedMessage> & { to: string },
): RenderedMessage {
  return {
    deliveryId: randomUUID(),
    tenantId: randomUUID(),
    channel,
    title: "Deploy finished",
    text: "Your deploy of herald-web finished in 42 s.",
    ...overrides,
  };
}

/** Awaits a send that must fail and returns its ProviderError (anything else fails the test). */
export async function sendError(sending: Promise<unknown>): Promise<ProviderError> {
  try {
    await sending;
  } catch (err) {
    if (err instanceof ProviderError) return err;
    throw err;
  }
  throw new Error("expected the send to fail");
}

/** A loopback port nothing listens on: connecting to it is refused at once. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
