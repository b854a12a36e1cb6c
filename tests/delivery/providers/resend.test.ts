import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderEmail } from "@/lib/providers/email/render";
import { createResendProvider } from "@/lib/providers/resend";
import type { Provider } from "@/lib/providers/types";
import { closedPort, messageFor, sendError } from "../../stubs/messages";
import { startResendStub } from "../../stubs/resend-stub";

describe("Resend provider against a local Resend API", () => {
  let stub: Awaited<ReturnType<typeof startResendStub>>;
  let provider: Provider;
  beforeAll(async () => {
    stub = await startResendStub();
    provider = createResendProvider({
      apiKey: stub.apiKey,
      from: "Herald <notify@example.com>",
      baseUrl: stub.url,
    });
  });
  afterAll(() => stub.close());
  beforeEach(() => {
    stub.emails.length = 0;
    stub.failures.clear();
  });

  it("sends from, to, subject, escaped html and text with the delivery id as idempotency key", async () => {
    const content = { title: "Weekly report", text: "Hello <script>alert(1)</script>\n\nSecond paragraph." };
    const rendered = await renderEmail({
      ...content,
      actionUrl: "https://app.example/r/1",
      actionText: "Open report",
    });
    const message = messageFor("email", { to: "alice@example.com", ...content, ...rendered });

    const result = await provider.send(message);

    expect(stub.emails).toHaveLength(1);
    const [email] = stub.emails;
    expect(result.providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(email!.idempotencyKey).toBe(message.deliveryId);
    expect(email!.authorization).toBe(`Bearer ${stub.apiKey}`);
    expect(email!.body).toMatchObject({
      from: "Herald <notify@example.com>",
      to: "alice@example.com",
      subject: "Weekly report",
      text: rendered.text,
    });
    expect(email!.body.html).toContain("Hello &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(email!.body.html).not.toContain("<script>");
    expect(email!.body.html).toContain('href="https://app.example/r/1"');
    expect(email!.body.text).toContain("Open report: https://app.example/r/1");
  });

  it("renders the email itself when the message has no html", async () => {
    await provider.send(messageFor("email", { to: "bob@example.com", text: "a < b & c" }));
    expect(stub.emails[0]!.body.html).toContain("a &lt; b &amp; c");
    expect(stub.emails[0]!.body.html).toContain("Sent by Herald");
  });

  it("a retried delivery is accepted once and answers the same id", async () => {
    const message = messageFor("email", { to: "carol@example.com", html: "<p>x</p>" });
    const first = await provider.send(message);
    const second = await provider.send(message);
    expect(second.providerMessageId).toBe(first.providerMessageId);
    expect(stub.emails).toHaveLength(1);
  });

  it("429 with Retry-After is retryable after that many seconds", async () => {
    stub.failures.add({
      status: 429,
      headers: { "retry-after": "7" },
      body: { statusCode: 429, name: "rate_limit_exceeded", message: "Too many requests" },
    });
    const err = await sendError(
      provider.send(messageFor("email", { to: "dave@example.com", html: "<p>x</p>" })),
    );
    expect(err).toMatchObject({ retryable: true, code: "rate_limited", retryAfterMs: 7000 });
  });

  it("5xx is retryable, and the retry goes through once the API is back", async () => {
    stub.failures.add({ status: 500 }, 2);
    const message = messageFor("email", { to: "erin@example.com", html: "<p>x</p>" });
    for (let i = 0; i < 2; i++) {
      expect(await sendError(provider.send(message))).toMatchObject({
        retryable: true,
        code: "provider_unavailable",
      });
    }
    await provider.send(message);
    expect(stub.emails).toHaveLength(1);
  });

  it("an invalid address (422) fails at once", async () => {
    const err = await sendError(
      provider.send(messageFor("email", { to: "not-an-address", html: "<p>x</p>" })),
    );
    expect(err).toMatchObject({ retryable: false, code: "invalid_address" });
    expect(stub.emails).toHaveLength(0);
  });

  it("the same delivery with other content (409 invalid_idempotent_request) fails at once, saying why", async () => {
    const deliveryId = randomUUID();
    await provider.send(messageFor("email", { to: "h@example.com", html: "<p>first</p>", deliveryId }));
    const err = await sendError(
      provider.send(messageFor("email", { to: "h@example.com", html: "<p>edited</p>", deliveryId })),
    );
    expect(err).toMatchObject({ retryable: false, code: "idempotency_conflict" });
    expect(err.message).toMatch(/sent before with different content/);
    expect(stub.emails).toHaveLength(1);
  });

  it("other 4xx (a wrong API key) fail at once", async () => {
    const wrongKey = createResendProvider({ apiKey: "re_wrong", from: "a@example.com", baseUrl: stub.url });
    const err = await sendError(
      wrongKey.send(messageFor("email", { to: "f@example.com", html: "<p>x</p>" })),
    );
    expect(err).toMatchObject({ retryable: false, code: "unauthorized" });
  });

  it("no answer at all is retryable", async () => {
    const down = createResendProvider({
      apiKey: "re_x",
      from: "a@example.com",
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
    });
    const err = await sendError(down.send(messageFor("email", { to: "g@example.com", html: "<p>x</p>" })));
    expect(err).toMatchObject({ retryable: true, code: "network_error" });
  });
});
