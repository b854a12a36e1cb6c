import { hash, verify } from "@node-rs/argon2";
import pLimit, { type LimitFunction } from "p-limit";
import { env } from "../env";

// Each hash takes a core and 19 MiB for tens of milliseconds: without a cap, a burst of sign-ins
// (allowed or not, each is verified) starves every other request of CPU and memory. The gate lives on
// globalThis so the server's and the route handlers' module copies share one.
const g = globalThis as unknown as { __heraldPasswordGate?: LimitFunction };

function gate(): LimitFunction {
  const concurrency = env().PASSWORD_HASH_CONCURRENCY;
  g.__heraldPasswordGate ??= pLimit(concurrency);
  if (g.__heraldPasswordGate.concurrency !== concurrency) g.__heraldPasswordGate.concurrency = concurrency;
  return g.__heraldPasswordGate;
}

/** Hashes and verifications running now and waiting for their turn, in this process. */
export function passwordWork(): { running: number; waiting: number } {
  const l = gate();
  return { running: l.activeCount, waiting: l.pendingCount };
}

// argon2id with the library defaults (19 MiB, 2 passes): OWASP's recommended floor.
export function hashPassword(password: string): Promise<string> {
  return gate()(() => hash(password));
}

export async function verifyPassword(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await gate()(() => verify(passwordHash, password));
  } catch {
    return false;
  }
}
