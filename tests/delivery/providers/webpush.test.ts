import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createWebPushProvider, type WebPushConfig } from "@/lib/providers/webpush";
import { generateVapidKeys } from "@/lib/push/vapid";
import type { Provider } from "@/lib/providers/types";
import { resetEnv } from "@/lib/env";
import { messageFor, sendError } from "../../stubs/messages";
import { startWebPushStub } from "../../stubs/webpush-stub";

describe("Web Push provider against a local push service", () => {
  let stub: Awaited<ReturnType<typeof startWebPushStub>>;
  let config: WebPushConfig;
  let provider: Provider;
  const saved = { ...process.env };
  beforeAll(async () => {
    // The local push service is at 127.0.0.1: accepted as a push host, and let through the guard.
    process.env.PUSH_HOSTS_ALLOWED = "127.0.0.1";
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = "127.0.0.1";
    resetEnv();
    stub = await startWebPushStub();
    config = { ...generateVapidKeys(), subject: "mailto:ops@example.com", ca: stub.ca };
    provider = createWebPushProvider(config);
  });
  afterAll(async () => {
    await provider.close?.();
    await stub.close();
    process.env.PUSH_HOSTS_ALLOWED = saved.PUSH_HOSTS_ALLOWED;
    process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED = saved.OUTBOUND_PRIVATE_HOSTS_ALLOWED;
    if (saved.PUSH_HOSTS_ALLOWED === undefined) delete process.env.PUSH_HOSTS_ALLOWED;
    if (saved.OUTBOUND_PRIVATE_HOSTS_ALLOWED === undefined) delete process.env.OUTBOUND_PRIVATE_HOSTS_ALLOWED;
    resetEnv();
  });
  beforeEach(() => {
    stub.received.length = 0;
    stub.failures.clear();
  });

  it("generates a VAPID key pair in base64url", () => {
    const keys = generateVapidKeys();
    expect(Buffer.from(keys.publicKey, "base64url")).toHaveLength(65);
    expect(Buffer.from(keys.privateKey, "base64url")).toHaveLength(32);
  });

  it("the browser decrypts exactly the payload that was sent, signed with our VAPID key", async () => {
    const { id, subscription } = stub.createSubscription();
    const message = messageFor("push", {
      to: JSON.stringify(subscription),
      title: "New comment",
      text: "Alice: <b>looks good</b>",
      actionUrl: "https://app.example/c/9",
    });

    const result = await provider.send(message);

    expect(stub.received).toHaveLength(1);
    const [push] = stub.received;
    expect(push!.subscriptionId).toBe(id);
    expect(JSON.parse(push!.payload)).toEqual({
      title: "New comment",
      body: "Alice: <b>looks good</b>",
      url: "https://app.example/c/9",
      tag: message.deliveryId,
    });
    expect(push!.headers.contentEncoding).toBe("aes128gcm");
    expect(push!.headers.topic).toBe(message.deliveryId.replaceAll("-", ""));
    expect(push!.vapid.publicKey).toBe(config.publicKey);
    expect(push!.vapid.claims.sub).toBe("mailto:ops@example.com");
    expect(result.providerMessageId).toMatch(new RegExp(`^${stub.origin}/messages/`));
  });

  it("410 Gone means the subscription is gone for good", async () => {
    const { id, subscription } = stub.createSubscription();
    stub.gone.add(id);
    const err = await sendError(provider.send(messageFor("push", { to: JSON.stringify(subscription) })));
    expect(err).toMatchObject({ retryable: false, code: "subscription_gone" });
  });

  it("an unknown endpoint (404) is gone too", async () => {
    const { subscription } = stub.createSubscription();
    const unknown = { ...subscription, endpoint: `${stub.origin}/push/unknown` };
    const err = await sendError(provider.send(messageFor("push", { to: JSON.stringify(unknown) })));
    expect(err).toMatchObject({ retryable: false, code: "subscription_gone" });
  });

  it("429 with Retry-After and 5xx are retryable", async () => {
    const { subscription } = stub.createSubscription();
    const message = messageFor("push", { to: JSON.stringify(subscription) });
    stub.failures.add({ status: 429, headers: { "retry-after": "12" } });
    stub.failures.add({ status: 502 });
    expect(await sendError(provider.send(message))).toMatchObject({
      retryable: true,
      code: "rate_limited",
      retryAfterMs: 12_000,
    });
    expect(await sendError(provider.send(message))).toMatchObject({
      retryable: true,
      code: "provider_unavailable",
    });
    await provider.send(message);
    expect(stub.received).toHaveLength(1);
  });

  it("a destination that is not a subscription fails at once", async () => {
    for (const to of [
      "not json",
      JSON.stringify({ endpoint: "https://x.example/p" }),
      '{"endpoint":"http://x"}',
    ]) {
      const err = await sendError(provider.send(messageFor("push", { to })));
      expect(err).toMatchObject({ retryable: false, code: "invalid_address" });
    }
  });

  it("a malformed VAPID key fails every send at once", async () => {
    const bad = createWebPushProvider({ ...config, privateKey: "short" });
    const { subscription } = stub.createSubscription();
    const err = await sendError(bad.send(messageFor("push", { to: JSON.stringify(subscription) })));
    expect(err).toMatchObject({ retryable: false, code: "misconfigured" });
  });
});
