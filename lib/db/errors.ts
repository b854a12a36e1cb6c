// Telling a database that is not answering (down, restarting, unreachable) from a query that is
// wrong: the first is the caller's to retry (503), the second a bug (500).

/** postgres.js's own codes for a connection it could not open or lost. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/**
 * SQLSTATE classes and codes of a server that is going away or not taking connections: 08
 * (connection exception), 57P01–57P03 (shutdown, crash shutdown, cannot connect now), 53300 (too
 * many connections).
 */
const isUnavailableState = (state: string) =>
  state.startsWith("08") || state === "57P01" || state === "57P02" || state === "57P03" || state === "53300";

/** Whether `err` (or what it wraps: Drizzle wraps the driver's error as its cause) says so. */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && (CONNECTION_CODES.has(code) || isUnavailableState(code))) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
