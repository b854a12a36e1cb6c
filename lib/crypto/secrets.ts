// Encryption at rest for provider credentials: AES-256-GCM under a key derived from APP_SECRET.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { env } from "../env";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Fixed salt and info: the key depends on APP_SECRET alone, and on nothing else that could drift.
const HKDF_SALT = "herald";
const HKDF_INFO = "herald:secrets:v1:aes-256-gcm";

/** A sealed value that does not open: tampered, cut, sealed for another context, or under another APP_SECRET. */
export class SecretDecryptError extends Error {
  constructor(reason: string) {
    super(`Cannot decrypt secret: ${reason}`);
    this.name = "SecretDecryptError";
  }
}

export type SecretOptions = {
  /** Binds the ciphertext to its owner (e.g. "integration:<id>"): it opens under the same context only. */
  context?: string;
  /** Defaults to the environment's APP_SECRET. */
  appSecret?: string;
};

const cachedKeys = new Map<string, { secret: string; key: Buffer }>();

/**
 * A 32-byte key for one purpose (`info`), derived from APP_SECRET: each purpose gets its own key,
 * so a value made for one (an encrypted secret, a signed link) is never accepted as another.
 */
export function derivedKey(info: string, appSecret?: string): Buffer {
  const secret = appSecret ?? env().APP_SECRET;
  if (!secret) throw new Error("APP_SECRET is not set: it is required to derive Herald's keys");
  const cached = cachedKeys.get(info);
  if (cached?.secret === secret) return cached.key;
  const key = Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, info, 32));
  cachedKeys.set(info, { secret, key });
  return key;
}

const keyFor = (appSecret: string | undefined): Buffer => derivedKey(HKDF_INFO, appSecret);

/** `v1.<iv>.<tag>.<ciphertext>`, each part base64url; a fresh random IV every time. */
export function encryptSecret(plaintext: string, opts: SecretOptions = {}): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(opts.appSecret), iv, { authTagLength: TAG_BYTES });
  if (opts.context !== undefined) cipher.setAAD(Buffer.from(opts.context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

export function decryptSecret(sealed: string, opts: SecretOptions = {}): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION) throw new SecretDecryptError("unknown format");
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, "base64url"));
  if (iv!.length !== IV_BYTES || tag!.length !== TAG_BYTES) throw new SecretDecryptError("malformed");
  const decipher = createDecipheriv("aes-256-gcm", keyFor(opts.appSecret), iv!, { authTagLength: TAG_BYTES });
  if (opts.context !== undefined) decipher.setAAD(Buffer.from(opts.context, "utf8"));
  decipher.setAuthTag(tag!);
  try {
    return Buffer.concat([decipher.update(ciphertext!), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptError("authentication failed (wrong APP_SECRET or altered data)");
  }
}

export function encryptJson(value: unknown, opts: SecretOptions = {}): string {
  return encryptSecret(JSON.stringify(value), opts);
}

export function decryptJson<T = unknown>(sealed: string, opts: SecretOptions = {}): T {
  return JSON.parse(decryptSecret(sealed, opts)) as T;
}
