import { describe, expect, it } from "vitest";
import { decryptJson, decryptSecret, encryptJson, encryptSecret, SecretDecryptError } from "./secrets";

const appSecret = "unit-test-app-secret-0123456789abcdef0123456789";
const otherSecret = "another-app-secret-0123456789abcdef0123456789ab";

/** Flips one bit of one base64url part of a sealed value. */
function tamper(sealed: string, part: number): string {
  const parts = sealed.split(".");
  const bytes = Buffer.from(parts[part]!, "base64url");
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = bytes.toString("base64url");
  return parts.join(".");
}

describe("secrets at rest", () => {
  it("round-trips, in the v1.<iv>.<tag>.<ciphertext> format, never containing the plaintext", () => {
    const plaintext = "re_live_key_ünïcødé_🙂";
    const sealed = encryptSecret(plaintext, { appSecret });
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("re_live_key");
    expect(decryptSecret(sealed, { appSecret })).toBe(plaintext);
  });

  it("uses a fresh IV each time", () => {
    const a = encryptSecret("same", { appSecret });
    const b = encryptSecret("same", { appSecret });
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).not.toBe(b.split(".")[1]);
  });

  it("round-trips JSON under a context", () => {
    const value = { api_key: "re_123", nested: { n: 1 } };
    const sealed = encryptJson(value, { appSecret, context: "integration:1" });
    expect(decryptJson(sealed, { appSecret, context: "integration:1" })).toEqual(value);
  });

  it.each([
    ["the IV", 1],
    ["the tag", 2],
    ["the ciphertext", 3],
  ])("refuses a value whose %s was altered", (_label, part) => {
    const sealed = encryptSecret("secret value", { appSecret });
    expect(() => decryptSecret(tamper(sealed, part), { appSecret })).toThrow(SecretDecryptError);
  });

  it("refuses malformed values", () => {
    for (const bad of ["", "plaintext", "v2.a.b.c", "v1.AAAA.AAAA.AAAA", "v1..."]) {
      expect(() => decryptSecret(bad, { appSecret })).toThrow(SecretDecryptError);
    }
  });

  it("does not open under another APP_SECRET", () => {
    const sealed = encryptSecret("secret value", { appSecret });
    expect(() => decryptSecret(sealed, { appSecret: otherSecret })).toThrow(SecretDecryptError);
  });

  it("does not open under another context (a value copied to another row)", () => {
    const sealed = encryptSecret("secret value", { appSecret, context: "integration:a" });
    expect(() => decryptSecret(sealed, { appSecret, context: "integration:b" })).toThrow(SecretDecryptError);
    expect(() => decryptSecret(sealed, { appSecret })).toThrow(SecretDecryptError);
  });
});
