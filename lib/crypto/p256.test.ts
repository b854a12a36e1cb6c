import { createECDH } from "node:crypto";
import { describe, expect, it } from "vitest";
import { base64urlBytes, isP256PublicKey } from "./p256";

const ecdh = createECDH("prime256v1");
ecdh.generateKeys();
const publicKey = ecdh.getPublicKey();
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64url");

describe("base64urlBytes", () => {
  it("decodes base64url, with or without padding", () => {
    expect(base64urlBytes("AQID-_8")).toEqual(new Uint8Array([1, 2, 3, 251, 255]));
    expect(base64urlBytes("AQID-_8=")).toEqual(new Uint8Array([1, 2, 3, 251, 255]));
    expect(base64urlBytes(b64(new Uint8Array(16).fill(9)))?.length).toBe(16);
  });

  it("refuses what is not base64url", () => {
    for (const bad of ["", "AQID+/8", "AQ ID", "AQID=8", "A", "AQ===", "AR"])
      expect(base64urlBytes(bad)).toBeUndefined();
  });
});

describe("isP256PublicKey", () => {
  it("accepts an uncompressed P-256 public key", () => {
    expect(isP256PublicKey(b64(publicKey))).toBe(true);
    expect(isP256PublicKey(ecdh.getPublicKey("base64url"))).toBe(true);
  });

  it("refuses a key of the wrong length or form", () => {
    expect(isP256PublicKey(b64(publicKey.subarray(0, 64)))).toBe(false);
    expect(isP256PublicKey(b64(Buffer.concat([publicKey, Buffer.from([0])])))).toBe(false);
    // The compressed form is a valid point, but Web Push keys are uncompressed.
    expect(isP256PublicKey(ecdh.getPublicKey("base64url", "compressed"))).toBe(false);
    const wrongPrefix = Buffer.from(publicKey);
    wrongPrefix[0] = 0x05;
    expect(isP256PublicKey(b64(wrongPrefix))).toBe(false);
  });

  it("refuses 65 bytes that are not a point on the curve", () => {
    const offCurve = Buffer.from(publicKey);
    offCurve[64] = offCurve[64]! ^ 1;
    expect(isP256PublicKey(b64(offCurve))).toBe(false);
    expect(isP256PublicKey(b64(new Uint8Array(65).fill(0).fill(4, 0, 1)))).toBe(false);
  });

  it("refuses a key that is not base64url", () => {
    const key = b64(publicKey);
    expect(isP256PublicKey(`${key.slice(0, -1)}+`)).toBe(false);
    expect(isP256PublicKey(`${key.slice(0, 40)} ${key.slice(40)}`)).toBe(false);
    expect(isP256PublicKey("not a key")).toBe(false);
    // 87 characters carry 522 bits: the last 2 must be zero, or it is not the key's encoding.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const stray = alphabet[alphabet.indexOf(key.at(-1)!) ^ 1]!;
    expect(isP256PublicKey(`${key.slice(0, -1)}${stray}`)).toBe(false);
  });
});
