import { describe, expect, it } from "vitest";
import { compileField, renderField } from "../templates/engine";
import { escapeHtml, unescapeHtml } from "./html";

describe("escapeHtml / unescapeHtml", () => {
  it("escapes exactly as the template engine does, so one undoes the other", () => {
    const typed = `<b>"Fast" & 'free'</b>`;
    const engine = renderField("f", compileField("f", "{{ x }}", "html"), { x: typed });
    expect(escapeHtml(typed)).toBe(engine);
    expect(escapeHtml(typed)).toBe("&lt;b&gt;&#34;Fast&#34; &amp; &#39;free&#39;&lt;/b&gt;");
    expect(unescapeHtml(engine)).toBe(typed);
  });

  it("unescapes once: an entity typed by the sender stays visible as typed", () => {
    expect(unescapeHtml(escapeHtml("&lt; &quot;"))).toBe("&lt; &quot;");
    expect(unescapeHtml("AT&amp;T &nbsp;")).toBe("AT&T &nbsp;");
  });
});
