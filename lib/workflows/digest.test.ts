import { describe, expect, it } from "vitest";
import { MAX_STORED_KEY, storedKey } from "./digest";

describe("a digest or throttle key as stored", () => {
  it("is the rendered key, or its hash when too long for an index entry", () => {
    expect(storedKey("post-42")).toBe("post-42");
    expect(storedKey("")).toBe("");
    const long = "x".repeat(MAX_STORED_KEY + 1);
    expect(storedKey(long)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(storedKey(long)).toBe(storedKey(long));
    expect(storedKey(long)).not.toBe(storedKey(`${long}y`));
  });
});
