import { describe, expect, it } from "vitest";
import { isSafeActionUrl, isSafeImageUrl } from "./actions";

describe("isSafeActionUrl", () => {
  const origin = "https://herald.example";
  it.each(["/orders/1", "orders/1?x=1", "https://shop.example/o/1", "http://shop.example"])(
    "%s may be followed",
    (raw) => {
      expect(isSafeActionUrl(raw, origin)).toBe(true);
      expect(isSafeActionUrl(raw)).toBe(true);
    },
  );

  it.each([
    "javascript:alert(1)",
    "data:text/html,x",
    "//evil.example/x",
    "/\\evil.example",
    "mailto:a@b.c",
    "",
  ])("%j may not", (raw) => {
    expect(isSafeActionUrl(raw, origin)).toBe(false);
    expect(isSafeActionUrl(raw)).toBe(false);
  });
});

describe("isSafeImageUrl", () => {
  it("takes https only", () => {
    expect(isSafeImageUrl("https://cdn.example/a.png")).toBe(true);
    expect(isSafeImageUrl("http://cdn.example/a.png")).toBe(false);
    expect(isSafeImageUrl("/a.png")).toBe(false);
    expect(isSafeImageUrl("data:image/png;base64,AAAA")).toBe(false);
  });
});
