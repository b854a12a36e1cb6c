// Where to send someone after sign-in: only ever a path on this site, so a crafted link to /login
// cannot bounce a fresh session to another origin (an open redirect).
const BASE = "http://herald.invalid";

/** `value` when it is a same-origin path (not `//host`, not `/\host`), normalized; otherwise null. */
export function safeCallbackPath(value: unknown): string | null {
  if (typeof value !== "string" || !value.startsWith("/") || value.includes("\\")) return null;
  try {
    const url = new URL(value, BASE);
    if (url.origin !== BASE) return null;
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return null;
  }
}
