// The custom server's door to the API app: /api/v1, /health and /metrics go straight to its `fetch`
// from this process's own module graph (the one the Socket.IO gateway and the worker use), without
// Next.js's router and renderer in between; everything else goes to Next.js.
import type { IncomingMessage, ServerResponse } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { apiApp } from "@/lib/api/app";

export const isApiPath = (url: string | undefined): boolean => {
  const raw = url ?? "/";
  const q = raw.indexOf("?");
  const pathname = q === -1 ? raw : raw.slice(0, q);
  return (
    pathname === "/api/v1" ||
    pathname.startsWith("/api/v1/") ||
    pathname === "/health" ||
    pathname === "/metrics"
  );
};

export function apiListener(): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const app = apiApp();
  // Herald's code checks `instanceof Response`: keep the platform's Request and Response.
  return getRequestListener(app.fetch, { overrideGlobalObjects: false });
}

/**
 * Sets a header the edge decides (request id, client address) in both views of the request: Next.js
 * reads `headers`, the API adapter `rawHeaders`. A value the client sent under that name is dropped.
 */
export function setEdgeHeader(req: IncomingMessage, name: string, value: string): void {
  req.headers[name] = value;
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) if (raw[i]!.toLowerCase() === name) raw.splice(i, 2);
  raw.push(name, value);
}
