import { describe, expect, it } from "vitest";
import { dateTime, relativeTime, shownText, snoozeChoices } from "./format";

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

describe("snoozeChoices", () => {
  it("offers an hour from now, tomorrow at 9:00 and next Monday at 9:00, all in the future", () => {
    const wednesday = new Date(2026, 11, 2, 18, 30); // local time
    const [hour, tomorrow, week] = snoozeChoices(wednesday);
    expect(hour!.until.getTime() - wednesday.getTime()).toBe(60 * 60 * 1000);
    expect(tomorrow!.until).toEqual(new Date(2026, 11, 3, 9, 0));
    expect(week!.until).toEqual(new Date(2026, 11, 7, 9, 0));
    const monday = new Date(2026, 11, 7, 8, 0);
    expect(snoozeChoices(monday)[2]!.until).toEqual(new Date(2026, 11, 14, 9, 0));
  });
});

describe("relativeTime and dateTime", () => {
  const now = Date.UTC(2026, 11, 4, 12, 0);
  const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();

  it("speaks the given locale through Intl", () => {
    expect(relativeTime(ago(5 * 60), { now, locale: "en" })).toBe("5 minutes ago");
    expect(relativeTime(ago(5 * 60), { now, locale: "zh-CN" })).toBe("5分钟前");
    expect(relativeTime(ago(24 * 3600), { now, locale: "zh-CN" })).toBe("昨天");
  });

  it("says the caller's 'just now' for the last 45 seconds", () => {
    expect(relativeTime(ago(10), { now, locale: "en" })).toBe("just now");
    expect(relativeTime(ago(10), { now, locale: "zh-CN", justNow: "刚刚" })).toBe("刚刚");
  });

  it("formats the exact time per locale", () => {
    const iso = new Date(now).toISOString();
    expect(dateTime(iso, "en")).toMatch(/2026/);
    expect(dateTime(iso, "zh-CN")).toMatch(/2026年12月/);
  });
});
