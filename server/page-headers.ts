// Sets the security headers of a page response before Next.js renders it. Here rather than in a
// Next.js proxy because an /embed page's frame-ancestors come from its tenant's settings, and this
// process already holds the database.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getDb } from "@/lib/db/client";
import { appUrl, listOf, type Env } from "@/lib/env";
import { isEmbedPath, newNonce, pageSecurityHeaders } from "@/lib/http/security-headers";
import { embedOriginsForToken } from "@/lib/tenants/settings";

export function pageHeaders(e: Env, dev: boolean) {
  const base = { appUrl: appUrl(e), imageHosts: listOf(e.MARKDOWN_IMAGE_HOSTS), dev };
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = URL.parse(req.url ?? "/", "http://localhost");
    const pathname = url?.pathname ?? "/";
    const embedOrigins = isEmbedPath(pathname)
      ? await embedOriginsForToken(getDb(), url?.searchParams.get("token") ?? null)
      : [];
    const nonce = newNonce();
    const headers = pageSecurityHeaders({ ...base, nonce, pathname, embedOrigins });
    // Next.js takes the nonce for its own script tags from the request's policy header.
    req.headers["content-security-policy"] = headers["Content-Security-Policy"];
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  };
}
