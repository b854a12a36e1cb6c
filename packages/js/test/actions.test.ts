import { describe, expect, it } from "vitest";
import { actionTarget } from "../src/actions.ts";

describe("actionTarget", () => {
  const origin = "https://app.example";
  it("follows http(s) URLs and relative paths on the page's origin", () => {
    expect(actionTarget({ url: "/orders/7?x=1" }, origin)).toEqual({
      href: "/orders/7?x=1",
      external: false,
    });
    expect(actionTarget({ url: "https://shop.example/o" }, origin)).toEqual({
      href: "https://shop.example/o",
      external: true,
    });
  });
  it.each(["javascript:alert(1)", "data:text/html,x", "//evil.example", "/\\evil.example", null, undefined])(
    "never follows %j",
    (url) => {
      expect(actionTarget({ url }, origin)).toBeNull();
    },
  );
});
