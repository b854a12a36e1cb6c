// The VAPID key pair browsers subscribe with: from the environment, or in development one generated
// once and kept in DATA_DIR, so subscriptions survive restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { generateVapidKeys } from "../delivery/providers/webpush";
import { env, resetEnv } from "../env";

type KeyPair = { publicKey: string; privateKey: string };

function readPair(file: string): KeyPair | undefined {
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, "utf8")) as Partial<KeyPair>;
  return stored.publicKey && stored.privateKey
    ? { publicKey: stored.publicKey, privateKey: stored.privateKey }
    : undefined;
}

/**
 * Outside production with neither VAPID key set: generates a pair once (kept in DATA_DIR/vapid-keys.json)
 * and exports it to `raw` (process.env), so the web push provider signs with the key browsers
 * subscribed with. Returns whether the environment now holds a pair.
 */
export function ensureDevVapidKeys(raw: Record<string, string | undefined> = process.env): boolean {
  if (raw.VAPID_PUBLIC_KEY && raw.VAPID_PRIVATE_KEY) return true;
  // Half a pair is the operator's setting: completing it with a generated half would never work.
  if (raw.NODE_ENV === "production" || raw.VAPID_PUBLIC_KEY || raw.VAPID_PRIVATE_KEY) return false;
  const dir = raw.DATA_DIR || "./.data";
  const file = path.join(dir, "vapid-keys.json");
  let pair = readPair(file);
  if (!pair) {
    mkdirSync(dir, { recursive: true });
    const fresh = generateVapidKeys();
    try {
      // "wx": when another process wrote the file first, its pair wins and is read back.
      writeFileSync(file, JSON.stringify(fresh, null, 2) + "\n", { mode: 0o600, flag: "wx" });
      pair = fresh;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      pair = readPair(file);
      if (!pair) throw new Error(`${file} holds no VAPID key pair`, { cause: err });
    }
  }
  raw.VAPID_PUBLIC_KEY = pair.publicKey;
  raw.VAPID_PRIVATE_KEY = pair.privateKey;
  return true;
}

/** The public key for PushManager.subscribe, or null when Web Push is not configured (production without keys). */
export function vapidPublicKey(): string | null {
  const e = env();
  if (e.VAPID_PUBLIC_KEY) return e.VAPID_PUBLIC_KEY;
  if (e.NODE_ENV === "production") return null;
  const raw: Record<string, string | undefined> = {
    NODE_ENV: e.NODE_ENV,
    DATA_DIR: e.DATA_DIR,
    VAPID_PUBLIC_KEY: e.VAPID_PUBLIC_KEY,
    VAPID_PRIVATE_KEY: e.VAPID_PRIVATE_KEY,
  };
  if (!ensureDevVapidKeys(raw)) return null;
  process.env.VAPID_PUBLIC_KEY = raw.VAPID_PUBLIC_KEY;
  process.env.VAPID_PRIVATE_KEY = raw.VAPID_PRIVATE_KEY;
  // The parsed environment is cached process-wide: drop it so providerFor("push") sees the new pair.
  resetEnv();
  return raw.VAPID_PUBLIC_KEY!;
}
