// The one rule for a link taken from a notification or template (an action URL): an http(s) URL,
// at most MAX_LINK_LENGTH long, or a relative one that stays on the given origin. Anything else
// (javascript:, data:, mailto:, protocol-relative //host, a backslash that leaves the origin) is no
// link at all, in the inbox and in an email alike.
import { MAX_LINK_LENGTH } from "./limits";

export type SafeLink = {
  /** The whole URL, for places outside the origin's pages (an email button). */
  url: string;
  /** The path on this origin, or the whole URL for another site. */
  href: string;
  external: boolean;
};

const SCHEME = /^[a-z][a-z\d+.-]*:/i;

export function safeLink(raw: unknown, origin: string): SafeLink | null {
  if (typeof raw !== "string") return null;
  const value = raw.trim();
  if (!value || value.length > MAX_LINK_LENGTH) return null;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(value, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const sameOrigin = url.origin === base.origin;
  // A scheme written out is an absolute link; without one it must resolve to this origin.
  if (!SCHEME.test(value) && !sameOrigin) return null;
  return sameOrigin
    ? { url: url.href, href: url.pathname + url.search + url.hash, external: false }
    : { url: url.href, href: url.href, external: true };
}
