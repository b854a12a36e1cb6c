// Compact signed tokens for links that must work without a session (unsubscribe, tracking):
// `<payload>.<tag>`, the payload JSON in base64url, the tag an HMAC-SHA256 (first 16 bytes) under a
// key derived from APP_SECRET for the token's purpose. They never expire; they cannot be altered.
import { createHmac, timingSafeEqual } from "node:crypto";
import { derivedKey } from "./secrets";

const TAG_BYTES = 16;
/** Longer than any token Herald makes: a longer one is refused before any work. */
export const MAX_TOKEN_LENGTH = 1024;

export type TokenPurpose = "unsubscribe" | "track";

const keyOf = (purpose: TokenPurpose, appSecret?: string) =>
  derivedKey(`herald:signed-token:v1:${purpose}`, appSecret);

const tagOf = (purpose: TokenPurpose, body: string, appSecret?: string) =>
  createHmac("sha256", keyOf(purpose, appSecret)).update(body).digest().subarray(0, TAG_BYTES);

export function signToken(purpose: TokenPurpose, payload: object, appSecret?: string): string {
  const body = Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
  return `${body}.${tagOf(purpose, body, appSecret).toString("base64url")}`;
}

/** The payload, or null for anything Herald did not sign for this purpose (altered, cut, foreign). */
export function verifyToken(purpose: TokenPurpose, token: string, appSecret?: string): unknown {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const dot = token.indexOf(".");
  if (dot <= 0 || dot !== token.lastIndexOf(".")) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), "base64url");
  const expected = tagOf(purpose, body, appSecret);
  // base64url decoding skips stray characters: only the canonical spelling of the tag is accepted.
  if (given.length !== TAG_BYTES || given.toString("base64url") !== token.slice(dot + 1)) return null;
  if (!timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as unknown;
  } catch {
    return null;
  }
}
