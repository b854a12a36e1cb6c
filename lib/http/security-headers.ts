// The response headers that harden Herald's pages: the Content-Security-Policy (per-request nonce)
// and its companions. Pure: the server decides the inputs (nonce, path, a tenant's embed origins).
import { randomBytes } from "node:crypto";

/** A fresh nonce for one page response; Next.js reads it back from the request's CSP header. */
export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

/** Pages meant for another site's iframe; everything else may not be framed at all. */
export function isEmbedPath(pathname: string): boolean {
  return pathname === "/embed" || pathname.startsWith("/embed/");
}

/** MARKDOWN_IMAGE_HOSTS entries (`cdn.example.com`, `*.example.com`) as CSP https sources. */
export function imageHostSources(hosts: string[]): string[] {
  return hosts.filter((h) => /^(\*\.)?[a-z0-9.-]+(:\d+)?$/.test(h)).map((h) => `https://${h}`);
}

export type PagePolicyInput = {
  nonce: string;
  pathname: string;
  /** The deployment's public URL: its host is allowed for Socket.IO's ws/wss connections. */
  appUrl: string;
  imageHosts: string[];
  /** Origins allowed to frame an /embed page (the tenant's setting); ignored elsewhere. */
  embedOrigins: string[];
  /** Next.js development needs eval (React's debug stacks). */
  dev: boolean;
};

export function contentSecurityPolicy(p: PagePolicyInput): string {
  const app = new URL(p.appUrl);
  const ws = `${app.protocol === "https:" ? "wss:" : "ws:"}//${app.host}`;
  const ancestors = isEmbedPath(p.pathname) && p.embedOrigins.length > 0 ? p.embedOrigins : ["'none'"];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // strict-dynamic: scripts Next.js's nonce-bearing chunks load (next/script, Swagger UI) may run.
    ["script-src", "'self'", `'nonce-${p.nonce}'`, "'strict-dynamic'", ...(p.dev ? ["'unsafe-eval'"] : [])],
    // React renders style attributes and toasts inject style tags: inline styles stay allowed.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", ...imageHostSources(p.imageHosts)],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ws],
    ["worker-src", "'self'"],
    ["manifest-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", ...ancestors],
  ];
  return directives.map((d) => d.join(" ")).join("; ");
}

/** Headers for every response, API included. */
export function baseSecurityHeaders(appUrl: string): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    ...(appUrl.startsWith("https:")
      ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" }
      : {}),
  };
}

/** Headers for a page response (not the API): the policy plus framing and referrer rules. */
export function pageSecurityHeaders(p: PagePolicyInput): Record<string, string> {
  const embed = isEmbedPath(p.pathname);
  return {
    "Content-Security-Policy": contentSecurityPolicy(p),
    // The embed page carries a subscriber token in its address: never pass it on as a Referer.
    "Referrer-Policy": embed ? "no-referrer" : "strict-origin-when-cross-origin",
    // Older browsers ignore frame-ancestors; the embed page relies on the policy alone.
    ...(embed ? {} : { "X-Frame-Options": "DENY" }),
  };
}
