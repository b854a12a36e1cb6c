import { describe, expect, it } from "vitest";
import type { Executor } from "../db/client";
import { renderEmail } from "../providers/email/render";
import { channelMessageFor } from "./render";

describe("channelMessageFor", () => {
  it("sends a template's stored in-app text as typed: the plain-text email shows quotes, not &#34;", async () => {
    // The template version is gone: the email falls back to the stored (HTML-escaped) in-app text.
    const message = await channelMessageFor(
      {} as Executor,
      {
        tenantId: "t",
        title: "Order &#34;A-1&#34; &amp; co",
        content: "It&#39;s &lt;here&gt;",
        metadata: {},
        templateId: "00000000-0000-0000-0000-000000000001",
        templateVersion: null,
        templateParams: {},
      },
      "email",
      {},
    );
    const { text } = await renderEmail({ ...message, baseUrl: "https://herald.example" });
    expect(text).toContain(`Order "A-1" & co`);
    expect(text).toContain("It's <here>");
    expect(text).not.toContain("&#34;");
  });

  it("leaves a raw send's text as written, entities and all", async () => {
    const message = await channelMessageFor(
      {} as Executor,
      {
        tenantId: "t",
        title: "AT&amp;T",
        content: "c",
        metadata: {},
        templateId: null,
        templateVersion: null,
        templateParams: null,
      },
      "sms",
      {},
    );
    expect(message.title).toBe("AT&amp;T");
  });
});
