import { describe, expect, it } from "vitest";
import { renderEmail } from "./render";

describe("renderEmail", () => {
  it("puts the title in a heading, content in escaped paragraphs, a button and the footer", async () => {
    const { html, text } = await renderEmail({
      title: "Q3 <report>",
      text: "First line\nsecond line\n\n<img src=x onerror=alert(1)> & more",
      actionUrl: "https://app.example/r?a=1&b=2",
      actionText: "View report",
    });
    expect(html).toMatch(/<h1[^>]*>Q3 &lt;report&gt;<\/h1>/);
    expect(html).toContain("First line<br/>second line");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt; &amp; more");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain('href="https://app.example/r?a=1&amp;b=2"');
    expect(html).toContain("View report");
    expect(html).toContain("Sent by Herald");
    expect(text).toBe(
      "Q3 <report>\n\nFirst line\nsecond line\n\n<img src=x onerror=alert(1)> & more\n\n" +
        "View report: https://app.example/r?a=1&b=2\n\n-- \nSent by Herald\n",
    );
  });

  it("leaves out the button without a safe link", async () => {
    const { html, text } = await renderEmail({ title: "t", text: "c", actionUrl: "javascript:alert(1)" });
    expect(html).not.toContain("javascript:");
    expect(text).not.toContain("javascript:");
  });
});

it("makes a relative action link absolute and refuses one that leaves the origin", async () => {
  const base = "https://herald.example";
  const relative = await renderEmail({ title: "t", text: "c", actionUrl: "/inbox", baseUrl: base });
  expect(relative.text).toContain("Open: https://herald.example/inbox");
  const away = await renderEmail({ title: "t", text: "c", actionUrl: "//evil.example/x", baseUrl: base });
  expect(away.text).not.toContain("evil.example");
});
