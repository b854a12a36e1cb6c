import { describe, expect, it } from "vitest";
import { CompiledTemplate, htmlToText, localeCandidates, resolveParams } from "./blocks";
import {
  compileField,
  MAX_OUTPUT_CHARS,
  renderField,
  TemplateRenderError,
  TemplateSyntaxError,
} from "./engine";

const render = (source: string, scope: object, mode: "html" | "text" = "html") =>
  renderField("f", compileField("f", source, mode), scope);

describe("the template engine", () => {
  it("renders variables, filters, conditionals and loops", () => {
    expect(
      render(
        "{{ name | upcase }}: {% if total > 10 %}big{% else %}small{% endif %} {% for i in items %}[{{ i }}]{% endfor %} {{ missing | default: 'none' }}",
        { name: "ann", total: 12, items: [1, 2] },
      ),
    ).toBe("ANN: big [1][2] none");
  });

  it("escapes output in HTML mode only; the template's own markup stays", () => {
    const scope = { x: `<img src=x onerror="alert(1)">&` };
    expect(render("<b>{{ x }}</b>", scope)).toBe("<b>&lt;img src=x onerror=&#34;alert(1)&#34;&gt;&amp;</b>");
    expect(render("<b>{{ x }}</b>", scope, "text")).toBe(`<b><img src=x onerror="alert(1)">&</b>`);
  });

  it("reads single-brace {name} placeholders as variables and reports positions in the author's text", () => {
    expect(render("Hi {name}, {{ a }} {x.y}", { name: "Ann", a: 1, x: { y: 2 } })).toBe("Hi Ann, 1 2");
    expect(render("json {\"a\": 1} and {{ '{' }}", {})).toBe('json {"a": 1} and {');
    try {
      compileField("blocks.en.app.content", "{a} {b} {{ c", "html");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateSyntaxError);
      expect(err).toMatchObject({ field: "blocks.en.app.content", line: 1, column: 9 });
    }
  });

  it("reports the line and column of a syntax error", () => {
    expect(() => compileField("f", "ok\n  {% if a %}open", "text")).toThrow(
      expect.objectContaining({ line: 2, column: 3, reason: expect.stringContaining("not closed") }),
    );
    expect(() => compileField("f", "{{ a | no_such_filter }}", "text")).toThrow(TemplateSyntaxError);
  });

  it("has no file system: include, render and layout are refused", () => {
    for (const tag of ["include", "render", "layout"]) {
      expect(() => compileField("f", `{% ${tag} '/etc/passwd' %}`, "text")).toThrow(/not available/);
    }
  });

  it("does not reach prototypes or run code", () => {
    expect(render("{{ x.constructor }}{{ x.__proto__ }}{{ s.length }}", { x: {}, s: "abc" }, "text")).toBe(
      "3",
    );
  });

  it("limits output size and render time", () => {
    const big = "x".repeat(1000);
    expect(() => render("{% for i in (1..100) %}{{ big }}{% endfor %}", { big })).toThrow(
      TemplateRenderError,
    );
    expect(MAX_OUTPUT_CHARS).toBeLessThan(100 * big.length);
    expect(() => render("{% for i in (1..100000000) %}{% endfor %}", {})).toThrow(TemplateRenderError);
  });
});

describe("template blocks", () => {
  const tpl = new CompiledTemplate({
    defaultLocale: "en",
    variables: [],
    blocks: {
      en: {
        app: { title: "Hi {{ user.name }}", content: "{{ order.id }}" },
        email: { subject: "{{ subject }}", html: "<p>{{ body }}</p>" },
      },
      "zh-CN": { app: { title: "你好", content: "{% for i in lines %}{{ i }}{% endfor %}" } },
    },
  });

  it("extracts the variables of every block, recipient fields aside", () => {
    expect(tpl.compileAll()).toEqual([]);
    expect(tpl.variableNames()).toEqual(["body", "lines", "order", "subject"]);
    expect(tpl.reads("app", "user", "title")).toBe(true);
    expect(tpl.reads("app", "user", "content")).toBe(false);
  });

  it("picks a locale: exact, bare language, sibling, then the default", () => {
    const available = ["en", "zh-CN", "pt"];
    expect(localeCandidates("zh-CN", "en", available)[0]).toBe("zh-CN");
    expect(localeCandidates("zh_tw", "en", available)[0]).toBe("zh-CN");
    expect(localeCandidates("pt-BR", "en", available)[0]).toBe("pt");
    expect(localeCandidates("fr", "en", available)).toEqual(["en"]);
    expect(localeCandidates(null, "en", ["zh-CN"])).toEqual([]);
    expect(tpl.localeFor("email", "zh-CN")).toBe("en");
    expect(tpl.localeFor("sms", "en")).toBeNull();
  });

  it("applies defaults and names missing required variables; `user` is reserved", () => {
    const variables = [
      { name: "a", required: true },
      { name: "b", required: true, default: "B" },
      { name: "c", required: false, example: "C" },
      { name: "d", required: true, example: "D" },
    ];
    expect(resolveParams(variables, { a: 1, user: "spoof", extra: 2 })).toEqual({
      values: { a: 1, b: "B", extra: 2 },
      missing: ["d"],
    });
    expect(resolveParams(variables, {}, true)).toEqual({
      values: { b: "B", c: "C", d: "D" },
      missing: ["a"],
    });
  });

  it("derives an email's text part from its HTML", () => {
    expect(htmlToText("<style>p{}</style><h1>Hi &amp; bye</h1><p>one<br>two</p>")).toBe(
      "Hi & bye\n\none\ntwo",
    );
    expect(tpl.renderBlock("en", "email", { subject: "S", body: "<i>" })).toEqual({
      subject: "S",
      html: "<p>&lt;i&gt;</p>",
      text: "<i>",
    });
  });

  it("decodes every entity and keeps links in the text part", () => {
    const html =
      "<p>She said &#34;hi&#34; &amp; it&#39;s&nbsp;fine &quot;&lt;ok&gt;&quot;.</p>" +
      '<p><a href="https://shop.example/o?a=1&amp;b=2">Track order</a> or https://x.example</p>' +
      '<img src="https://t.example/pixel.gif"><script>alert(1)</script>';
    expect(htmlToText(html)).toBe(
      `She said "hi" & it's fine "<ok>".\n\nTrack order [https://shop.example/o?a=1&b=2] or https://x.example`,
    );
    // Liquid escapes a quote as &#34;: the text part shows the quote the sender typed.
    const email = new CompiledTemplate({
      defaultLocale: "en",
      blocks: {
        en: {
          app: { title: "t", content: "c" },
          email: { subject: "s", html: '<p>{{ note }}</p><p><a href="{{ url }}">Open</a></p>' },
        },
      },
      variables: [],
    });
    const block = email.renderBlock("en", "email", {
      note: `"Fast" & 'free'`,
      url: "https://a.example/?q=1&r=2",
    });
    expect(block.html).toContain("&#34;Fast&#34; &amp; &#39;free&#39;");
    expect(block.text).toBe(`"Fast" & 'free'\n\nOpen [https://a.example/?q=1&r=2]`);
  });

  it("turns layout tables into lines and drops images without alt text", () => {
    const html =
      '<table width="600"><tr><td><img src="logo.png" alt="Acme"></td></tr>' +
      "<tr><td>Order</td><td>#12</td></tr><tr><td>Total</td><td><b>9</b> EUR</td></tr></table>";
    expect(htmlToText(html)).toBe("Acme\nOrder #12\nTotal 9 EUR");
  });
});

describe("the plain-output fast path", () => {
  it("renders exactly what the engine renders", () => {
    const sources = [
      "Hi {{ user.name }}!",
      "{{a}} & {{ b.c }} {{ b.missing }}{{ n }}",
      "{{ list }}{{ obj }}{{ s.size }}",
    ];
    const scopes = [
      {
        user: { name: `<b>"O'Neil" & co</b>` },
        a: 1.5,
        b: { c: true },
        n: null,
        list: [1, 2],
        obj: { x: 1 },
        s: "abc",
      },
      { user: { name: null }, a: "x", b: {}, list: [], s: "" },
      { user: {}, b: null },
    ];
    for (const source of sources) {
      for (const mode of ["html", "text"] as const) {
        const c = compileField("f", source, mode);
        for (const scope of scopes) {
          expect(renderField("f", c, scope)).toBe(renderField("f", { ...c, simple: undefined }, scope));
        }
      }
    }
    expect(compileField("f", "Hi {{ user.name }}", "html").simple).toBeDefined();
    expect(compileField("f", "Hi {{ user.name | upcase }}", "html").simple).toBeUndefined();
    expect(compileField("f", "Hi {%- if a -%}{%- endif -%}", "html").simple).toBeUndefined();
  });
});
