import { describe, expect, it } from "vitest";
import { API_KEY_PREFIX, generateApiKey, hashApiKey, visiblePrefix } from "./api-keys";

describe("API keys", () => {
  it("are random, prefixed and at least 32 bytes of entropy", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).not.toBe(b);
    expect(a.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(Buffer.from(a.slice(API_KEY_PREFIX.length), "base64url").length).toBe(32);
  });

  it("hash to a stable SHA-256 digest and show only a short prefix", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(visiblePrefix(key)).toHaveLength(11);
    expect(key.startsWith(visiblePrefix(key))).toBe(true);
  });
});
