import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

describe("safeCallbackPath", () => {
  it.each(["/admin", "/inbox?tab=unread", "/admin/templates#top"])("keeps the same-origin path %s", (p) => {
    expect(safeCallbackPath(p)).toBe(p);
  });

  it.each([
    undefined,
    "",
    "admin",
    "https://evil.example/admin",
    "//evil.example",
    "/\\evil.example",
    "/\t/evil.example",
    "javascript:alert(1)",
  ])("refuses %j", (p) => {
    expect(safeCallbackPath(p)).toBeNull();
  });
});
