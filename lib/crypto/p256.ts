// Checks for the base64url P-256 keys Web Push uses (browser subscription keys, VAPID keys).
// Browser-safe (no node:crypto, no Buffer): the console validates with the same schemas.
import { p256 } from "@noble/curves/nist.js";
import { base64urlnopad } from "@scure/base";

/**
 * The bytes of a base64url string (padding tolerated), or undefined when it is not one, including
 * a non-canonical one (stray bits after the last byte, a lone trailing character).
 */
export function base64urlBytes(value: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(value)) return undefined;
  try {
    return base64urlnopad.decode(value.replace(/=+$/, ""));
  } catch {
    return undefined;
  }
}

/** An uncompressed P-256 public key: 65 bytes, and a point actually on the curve. */
export function isP256PublicKey(value: string): boolean {
  const bytes = base64urlBytes(value);
  if (bytes?.length !== 65 || bytes[0] !== 0x04) return false;
  try {
    // Decoding checks the point lies on the curve.
    p256.Point.fromBytes(bytes);
    return true;
  } catch {
    return false;
  }
}
