import { describe, expect, it } from "vitest";
import { isImageHostAllowed, renderMarkdown } from "./render";

const HOSTS = ["cdn.example.com", "*.images.example.org"];

describe("remote images in announcements", () => {
  it("loads an image from an allowed host, exact or by *.suffix", () => {
    expect(renderMarkdown("![logo](https://cdn.example.com/logo.png)", { imageHosts: HOSTS })).toContain(
      '<img src="https://cdn.example.com/logo.png" alt="logo" />',
    );
    expect(renderMarkdown("![a](https://eu.images.example.org/a.png)", { imageHosts: HOSTS })).toContain(
      '<img src="https://eu.images.example.org/a.png"',
    );
  });

  it.each([
    ["another host", "https://tracker.example.net/pixel.gif"],
    ["the bare domain of a *.suffix entry", "https://images.example.org/a.png"],
    ["a look-alike suffix", "https://evilimages.example.org/a.png"],
    ["plain http on an allowed host", "http://cdn.example.com/logo.png"],
    ["another port of an allowed host", "https://cdn.example.com:8443/logo.png"],
  ])("turns an image from %s into a link", (_, src) => {
    const html = renderMarkdown(`![pic](${src})`, { imageHosts: HOSTS });
    expect(html).not.toContain("<img");
    expect(html).toContain(">pic</a>");
  });

  it("allows no remote image at all when the operator allowed no host", () => {
    const html = renderMarkdown("![logo](https://cdn.example.com/logo.png)");
    expect(html).not.toContain("<img");
    expect(html).toContain(
      '<a href="https://cdn.example.com/logo.png" rel="noopener noreferrer nofollow" target="_blank">logo</a>',
    );
  });

  it("drops images written as HTML too, whatever trick points them elsewhere", () => {
    for (const src of [
      "//tracker.example.net/p.gif",
      "/\\tracker.example.net/p.gif",
      "javascript:alert(1)",
    ]) {
      const html = renderMarkdown(`<img src="${src}" alt="x">`, { imageHosts: HOSTS });
      expect(html).not.toContain("<img");
      expect(html).not.toContain('href="//');
      expect(html).not.toContain("javascript:");
    }
  });

  it("keeps Herald's own images (relative addresses)", () => {
    expect(renderMarkdown("![s](/brand/logo.png)")).toContain('<img src="/brand/logo.png" alt="s" />');
  });

  it("matches host names without regard to case", () => {
    expect(isImageHostAllowed("CDN.Example.com", HOSTS)).toBe(true);
    expect(isImageHostAllowed("example.com", HOSTS)).toBe(false);
  });
});
