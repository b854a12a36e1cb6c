import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { renderEmail } from "@/lib/providers/email/render";
import { createSmtpProvider } from "@/lib/providers/smtp";
import type { Provider } from "@/lib/providers/types";
import { closedPort, messageFor, sendError } from "../../stubs/messages";
import { startSmtpStub } from "../../stubs/smtp-stub";

describe("SMTP provider against a local SMTP server", () => {
  let stub: Awaited<ReturnType<typeof startSmtpStub>>;
  let provider: Provider;
  beforeAll(async () => {
    stub = await startSmtpStub({ user: "herald", pass: "s3cret" });
    provider = createSmtpProvider({ url: stub.url, from: "Herald <notify@example.com>" });
  });
  afterAll(async () => {
    await provider.close?.();
    await stub.close();
  });
  beforeEach(() => {
    stub.received.length = 0;
    stub.rejected.clear();
    stub.state.deferNext = 0;
  });

  it("delivers subject, text and escaped html, signed in, with the Message-ID as provider id", async () => {
    const content = { title: "Invoice ready", text: "Total: 5 < 6 <script>alert(1)</script>" };
    const rendered = await renderEmail(content);
    const message = messageFor("email", { to: "bob@example.com", ...content, ...rendered });

    const result = await provider.send(message);

    expect(stub.received).toHaveLength(1);
    const [mail] = stub.received;
    expect(mail!.user).toBe("herald");
    expect(mail!.from).toBe("notify@example.com");
    expect(mail!.to).toEqual(["bob@example.com"]);
    expect(mail!.parsed.subject).toBe("Invoice ready");
    expect(mail!.parsed.text?.trim()).toBe(rendered.text.trim());
    expect(mail!.parsed.html).toContain("Total: 5 &lt; 6 &lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail!.parsed.html).not.toContain("<script>");
    expect(result.providerMessageId).toBe(`<${message.deliveryId}@example.com>`);
    expect(mail!.parsed.messageId).toBe(result.providerMessageId);
    const header = mail!.parsed.headers.find((h) => h.key === "x-herald-delivery-id");
    expect(header?.value).toBe(message.deliveryId);
  });

  it("a mailbox refused with 550 fails at once", async () => {
    stub.rejected.add("gone@example.com");
    const err = await sendError(provider.send(messageFor("email", { to: "gone@example.com" })));
    expect(err).toMatchObject({ retryable: false, code: "invalid_address" });
    expect(stub.received).toHaveLength(0);
  });

  it("a 4xx answer (try again later) is retryable", async () => {
    stub.state.deferNext = 1;
    const err = await sendError(provider.send(messageFor("email", { to: "busy@example.com" })));
    expect(err).toMatchObject({ retryable: true, code: "deferred" });
    await provider.send(messageFor("email", { to: "busy@example.com" }));
    expect(stub.received).toHaveLength(1);
  });

  it("wrong credentials fail at once", async () => {
    const wrong = createSmtpProvider({ url: stub.url.replace("s3cret", "wrong"), from: "a@example.com" });
    const err = await sendError(wrong.send(messageFor("email", { to: "x@example.com" })));
    await wrong.close?.();
    expect(err).toMatchObject({ retryable: false, code: "unauthorized" });
  });

  it("a refused connection is retryable", async () => {
    const down = createSmtpProvider({ url: `smtp://127.0.0.1:${await closedPort()}`, from: "a@example.com" });
    const err = await sendError(down.send(messageFor("email", { to: "x@example.com" })));
    await down.close?.();
    expect(err).toMatchObject({ retryable: true, code: "network_error" });
  });
});
