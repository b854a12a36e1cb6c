import { describe, expect, it } from "vitest";
import { shownText } from "./format";

describe("shownText", () => {
  it("undoes a template's HTML escaping, so 'Tom & Jerry' does not show as 'Tom &amp; Jerry'", () => {
    const n = {
      title: "Hi Tom &amp; Jerry",
      content: "&lt;b&gt; &#34;x&#34; &#39;y&#39;",
      template_code: "welcome",
    };
    expect(shownText(n)).toEqual({ title: "Hi Tom & Jerry", content: `<b> "x" 'y'` });
  });

  it("shows a raw send's text exactly as written", () => {
    const n = { title: "AT&amp;T", content: "<img src=x onerror=alert(1)>", template_code: null };
    expect(shownText(n)).toEqual({ title: "AT&amp;T", content: "<img src=x onerror=alert(1)>" });
  });

  it("unescapes once: an escaped entity in a parameter stays visible as typed", () => {
    expect(shownText({ title: "&amp;lt;", content: "", template_code: "t" }).title).toBe("&lt;");
  });
});
