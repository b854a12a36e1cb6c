// The VAPID key pair browsers subscribe with: from the environment, or in development one generated
// once and kept in DATA_DIR, so subscriptions survive restarts.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import webpush from "web-push";
import { env, supplyGeneratedEnv, type Env } from "../env";

type KeyPair = { publicKey: string; privateKey: string };

export function generateVapidKeys(): KeyPair {
  return webpush.generateVAPIDKeys();
}

function readPair(file: string): KeyPair | undefined {
  if (!existsSync(file)) return undefined;
  const stored = JSON.parse(readFileSync(file, "utf8")) as Partial<KeyPair>;
  return stored.publicKey && stored.privateKey
    ? { publicKey: stored.publicKey, privateKey: stored.privateKey }
    : undefined;
}

/**
 * Outside production with neither VAPID key set: generates a pair once (kept in DATA_DIR/vapid-keys.json)
 * and hands it to env(), so the web push provider signs with the key browsers subscribed with.
 * Returns whether the environment now holds a pair.
 */
export function ensureDevVapidKeys(e: Env = env()): boolean {
  if (e.VAPID_PUBLIC_KEY && e.VAPID_PRIVATE_KEY) return true;
  // Half a pair is the operator's setting: completing it with a generated half would never work.
  if (e.NODE_ENV === "production" || e.VAPID_PUBLIC_KEY || e.VAPID_PRIVATE_KEY) return false;
  const file = path.join(e.DATA_DIR, "vapid-keys.json");
  let pair = readPair(file);
  if (!pair) {
    mkdirSync(e.DATA_DIR, { recursive: true });
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
  supplyGeneratedEnv(e.DATA_DIR, { VAPID_PUBLIC_KEY: pair.publicKey, VAPID_PRIVATE_KEY: pair.privateKey });
  return true;
}

/** The public key for PushManager.subscribe, or null when Web Push is not configured (production without keys). */
export function vapidPublicKey(): string | null {
  return ensureDevVapidKeys() ? env().VAPID_PUBLIC_KEY! : null;
}
