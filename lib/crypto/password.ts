import { hash, verify } from "@node-rs/argon2";
import pLimit, { type LimitFunction } from "p-limit";
import { env } from "../env";
import { processSingleton } from "../process-singleton";

// Each hash takes a core and 19 MiB for tens of milliseconds: without a cap, a burst of sign-ins
// (allowed or not, each is verified) starves every other request of CPU and memory: one gate per process.
function gate(): LimitFunction {
  const concurrency = env().PASSWORD_HASH_CONCURRENCY;
  const limit = processSingleton("auth.password-gate", () => pLimit(concurrency));
  if (limit.concurrency !== concurrency) limit.concurrency = concurrency;
  return limit;
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
