import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "hk_";

/** A new API key: 32 random bytes, base64url, behind a recognisable prefix. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

// Keys are high-entropy random strings, so a fast unsalted hash is safe and lets lookup use an index.
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The part of a key the console may show. */
export function visiblePrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 8);
}
