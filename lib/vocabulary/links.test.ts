import { describe, expect, it } from "vitest";
import { safeLink } from "./links";

describe("safeLink", () => {
  const origin = "https://herald.example";
  it.each([
    ["/orders/1024", "/orders/1024", "https://herald.example/orders/1024", false],
    ["orders/1?x=1#y", "/orders/1?x=1#y", "https://herald.example/orders/1?x=1#y", false],
    [" https://herald.example/inbox ", "/inbox", "https://herald.example/inbox", false],
    ["https://shop.example/o/1", "https://shop.example/o/1", "https://shop.example/o/1", true],
    ["HTTP://shop.example", "http://shop.example/", "http://shop.example/", true],
  ])("%s is a link", (raw, href, url, external) => {
    expect(safeLink(raw, origin)).toEqual({ href, url, external });
  });

  it.each([
    "javascript:alert(1)",
    " JavaScript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "mailto:a@b.c",
    "//evil.example/x",
    "/\\evil.example/x",
    "\\\\evil.example",
    `https://shop.example/${"x".repeat(2048)}`,
    " ",
    "",
    42,
    null,
  ])("%j is not", (raw) => {
    expect(safeLink(raw, origin)).toBeNull();
  });
});
