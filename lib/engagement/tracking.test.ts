import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnv } from "../env";
import { renderEmail } from "../providers/email/render";
import { trackedHtml, MAX_TRACKED_LINKS } from "./tracking";

const delivery = {
  tenantId: "6f1c2b5e-8a4d-4c3e-9f00-0a1b2c3d4e5f",
  deliveryId: "01a23bf5-189c-760e-b86a-53d009262102",
};

describe("trackedHtml", () => {
  beforeAll(() => {
    Object.assign(process.env, {
      APP_SECRET: "unit-app-secret-0123456789abcdef0123",
      APP_URL: "https://h.example",
    });
    resetEnv();
  });
  afterAll(() => {
    delete process.env.APP_SECRET;
    delete process.env.APP_URL;
    resetEnv();
  });

  it("keeps React Email's document whole: doctype, head, the button rewritten, the kept link and pixel in the body", async () => {
    const unsubscribe = "https://h.example/u/abc.def";
    const { html } = await renderEmail({
      title: "Report <ready>",
      text: "Numbers & more",
      actionUrl: "https://app.example/r?a=1&b=2",
      unsubscribeUrl: unsubscribe,
    });
    const out = trackedHtml(html, delivery, { opens: true, clicks: true }, (href) => href === unsubscribe);
    expect(out.links).toEqual(["https://app.example/r?a=1&b=2"]);
    expect(out.html.startsWith("<!DOCTYPE html")).toBe(true);
    expect(out.html).toContain("Report &lt;ready&gt;");
    expect(out.html).toContain("Numbers &amp; more");
    expect(out.html).not.toContain("https://app.example/r");
    expect(out.html).toContain(`href="${unsubscribe}"`);
    expect(out.html).toMatch(
      /<img src="https:\/\/h\.example\/t\/o\/[\w-]+\.[\w-]+\.gif"[^>]*alt=""[^>]*><\/body>/,
    );
  });

  it("each setting alone does only its part; nothing on leaves the HTML unchanged but for its serialisation", () => {
    const html = '<html><body><a href="https://x.example/">x</a></body></html>';
    const clicks = trackedHtml(html, delivery, { opens: false, clicks: true });
    expect(clicks.html).not.toContain("/t/o/");
    expect(clicks.links).toEqual(["https://x.example/"]);
    const opens = trackedHtml(html, delivery, { opens: true, clicks: false });
    expect(opens.html).toContain('href="https://x.example/"');
    expect(opens.links).toEqual([]);
    expect(trackedHtml(html, delivery, { opens: false, clicks: false }).html).toBe(html);
  });

  it("leaves mailto, relative and anchor links, and links past the limit, as they are", () => {
    const many = Array.from(
      { length: MAX_TRACKED_LINKS + 2 },
      (_, i) => `<a href="https://x.example/${i}">${i}</a>`,
    );
    const html = `<p><a href="mailto:a@b.example">m</a><a href="#top">t</a><a href="/rel">r</a>${many.join("")}</p>`;
    const out = trackedHtml(html, delivery, { opens: false, clicks: true });
    expect(out.links).toHaveLength(MAX_TRACKED_LINKS);
    expect(out.html).toContain('href="mailto:a@b.example"');
    expect(out.html).toContain('href="#top"');
    expect(out.html).toContain('href="/rel"');
    expect(out.html).toContain(`href="https://x.example/${MAX_TRACKED_LINKS + 1}"`);
  });
});
