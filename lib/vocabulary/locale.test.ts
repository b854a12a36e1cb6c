import { describe, expect, it } from "vitest";
import { acceptedLanguages, resolveLocale } from "./locale";

describe("resolveLocale", () => {
  it("reads every Chinese tag as Simplified Chinese", () => {
    for (const tag of ["zh", "zh-Hans", "zh-CN", "zh-cn", "zh_CN", "zh-Hans-CN", "ZH"])
      expect(resolveLocale([tag])).toBe("zh-CN");
  });

  it("reads English with any region as English", () => {
    expect(resolveLocale(["en-GB"])).toBe("en");
    expect(resolveLocale(["en-US"])).toBe("en");
  });

  it("falls back to English for unknown, empty or malformed candidates, never throwing", () => {
    expect(resolveLocale([])).toBe("en");
    expect(resolveLocale(["fr", "de-DE"])).toBe("en");
    expect(resolveLocale([null, undefined, "", "  ", "not a tag!", "x-123456789"])).toBe("en");
  });

  it("takes the first candidate it speaks, in order", () => {
    expect(resolveLocale([null, "fr", "zh-CN", "en"])).toBe("zh-CN");
    expect(resolveLocale(["en", "zh-CN"])).toBe("en");
  });
});

describe("acceptedLanguages", () => {
  it("orders tags by weight, keeping the header's order on ties and dropping q=0 and *", () => {
    expect(acceptedLanguages("fr;q=0.9, zh-CN, en;q=0.8, de;q=0, *;q=0.1")).toEqual(["zh-CN", "fr", "en"]);
  });

  it("reads a missing or empty header as no preference", () => {
    expect(acceptedLanguages(null)).toEqual([]);
    expect(acceptedLanguages("")).toEqual([]);
    expect(resolveLocale(acceptedLanguages("garbage;;q=x"))).toBe("en");
  });
});
