import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTwilioProvider, type TwilioConfig } from "@/lib/providers/twilio";
import type { Provider } from "@/lib/providers/types";
import { closedPort, messageFor, sendError } from "../../stubs/messages";
import { startTwilioStub } from "../../stubs/twilio-stub";

describe("Twilio provider against a local Messages API", () => {
  let stub: Awaited<ReturnType<typeof startTwilioStub>>;
  let config: TwilioConfig;
  let provider: Provider;
  beforeAll(async () => {
    stub = await startTwilioStub();
    config = {
      accountSid: stub.accountSid,
      authToken: stub.authToken,
      from: "+15550001111",
      baseUrl: stub.url,
    };
    provider = createTwilioProvider(config);
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    stub.messages.length = 0;
    stub.failures.clear();
  });

  it("sends the text from the number to an E.164 recipient and answers the message SID", async () => {
    const result = await provider.send(
      messageFor("sms", { to: "+1 (555) 123-4567", text: "Your code is 1234" }),
    );
    expect(stub.messages).toEqual([
      expect.objectContaining({ to: "+15551234567", from: "+15550001111", body: "Your code is 1234" }),
    ]);
    expect(result.providerMessageId).toBe(stub.messages[0]!.sid);
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
  });

  it("sends through a messaging service when TWILIO_FROM is an MG… SID", async () => {
    const viaService = createTwilioProvider({ ...config, from: "MG0123456789abcdef0123456789abcdef" });
    await viaService.send(messageFor("sms", { to: "+447700900123" }));
    expect(stub.messages[0]).toMatchObject({ messagingServiceSid: "MG0123456789abcdef0123456789abcdef" });
    expect(stub.messages[0]!.from).toBeUndefined();
  });

  it("cuts a long text to the configured length, ending in …", async () => {
    const short = createTwilioProvider({ ...config, maxLength: 20 });
    await short.send(messageFor("sms", { to: "+15551234567", text: "a".repeat(50) }));
    expect(stub.messages[0]!.body).toBe(`${"a".repeat(19)}…`);
  });

  it("a recipient that is not E.164 fails at once without calling Twilio", async () => {
    const before = stub.attempts();
    const err = await sendError(provider.send(messageFor("sms", { to: "0555-1234" })));
    expect(err).toMatchObject({ retryable: false, code: "invalid_address" });
    expect(stub.attempts()).toBe(before);
  });

  it("Twilio's invalid number error 21211 fails at once", async () => {
    stub.invalidNumbers.add("+15559999999");
    const err = await sendError(provider.send(messageFor("sms", { to: "+15559999999" })));
    expect(err).toMatchObject({ retryable: false, code: "invalid_address" });
    expect(err.message).toContain("21211");
  });

  it("429 with Retry-After is retryable after that many seconds", async () => {
    stub.failures.add({
      status: 429,
      headers: { "retry-after": "3" },
      body: { code: 20429, message: "Too Many Requests", status: 429 },
    });
    const err = await sendError(provider.send(messageFor("sms", { to: "+15551234567" })));
    expect(err).toMatchObject({ retryable: true, code: "rate_limited", retryAfterMs: 3000 });
  });

  it("5xx is retryable", async () => {
    stub.failures.add({ status: 503 });
    const err = await sendError(provider.send(messageFor("sms", { to: "+15551234567" })));
    expect(err).toMatchObject({ retryable: true, code: "provider_unavailable" });
  });

  it("a wrong auth token fails at once", async () => {
    const wrong = createTwilioProvider({ ...config, authToken: "nope" });
    const err = await sendError(wrong.send(messageFor("sms", { to: "+15551234567" })));
    expect(err).toMatchObject({ retryable: false, code: "unauthorized" });
  });

  it("a refused connection is retryable", async () => {
    const down = createTwilioProvider({ ...config, baseUrl: `http://127.0.0.1:${await closedPort()}` });
    const err = await sendError(down.send(messageFor("sms", { to: "+15551234567" })));
    expect(err).toMatchObject({ retryable: true, code: "network_error" });
  });

  it("a malformed account SID fails the send, not the process", async () => {
    const bad = createTwilioProvider({ ...config, accountSid: "not-a-sid" });
    const err = await sendError(bad.send(messageFor("sms", { to: "+15551234567" })));
    expect(err).toMatchObject({ retryable: false, code: "misconfigured" });
  });
});
