// Checks for the base64url P-256 keys Web Push uses (browser subscription keys, VAPID keys).
import { ECDH } from "node:crypto";

/** The bytes of a base64url string (padding tolerated), or undefined when it is not one. */
export function base64urlBytes(value: string): Buffer | undefined {
  return /^[A-Za-z0-9_-]+={0,2}$/.test(value) ? Buffer.from(value, "base64url") : undefined;
}

/** An uncompressed P-256 public key: 65 bytes, and a point actually on the curve. */
export function isP256PublicKey(value: string): boolean {
  const bytes = base64urlBytes(value);
  if (bytes?.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    ECDH.convertKey(bytes, "prime256v1");
    return true;
  } catch {
    return false;
  }
}
