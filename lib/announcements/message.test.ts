import { describe, expect, it } from "vitest";
import { announcementDeliveryFacts, announcementMessage, announcementStopReason } from "./message";

describe("an announcement as a channel message", () => {
  it("is judged as a system notice, critical ones as urgent", () => {
    expect(announcementDeliveryFacts("info")).toEqual({ type: "system", priority: "normal" });
    expect(announcementDeliveryFacts("warning")).toEqual({ type: "system", priority: "high" });
    expect(announcementDeliveryFacts("critical")).toEqual({ type: "system", priority: "urgent" });
  });

  it("renders Markdown to sanitised HTML and to plain text with its links", () => {
    const m = announcementMessage({
      title: "Heads up",
      content:
        "**Bold** move.\n\n- [docs](https://docs.example.com)\n\n<img src=x onerror=alert(1)><script>x()</script>",
    });
    expect(m.title).toBe("Heads up");
    expect(m.bodyHtml).toContain("<strong>Bold</strong>");
    expect(m.bodyHtml).not.toMatch(/onerror|<script/);
    expect(m.text).toContain("Bold move.");
    expect(m.text).toContain("https://docs.example.com");
    expect(m.text).not.toMatch(/\*\*|<|>/);
  });

  it("stops once archived or expired", () => {
    const now = new Date("2026-01-01T00:00:00Z");
    expect(announcementStopReason({ status: "published", expiresAt: null }, now)).toBeNull();
    expect(announcementStopReason({ status: "archived", expiresAt: null }, now)).toBe("archived");
    expect(announcementStopReason({ status: "published", expiresAt: now }, now)).toBe("expired");
  });
});
