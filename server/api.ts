// The custom server's door to the API app: /api/v1, /health, /metrics and the links in emails go
// straight to its `fetch` from this process's own module graph (the one the Socket.IO gateway and
// the worker use), without Next.js's router and renderer in between; everything else goes to Next.js.
//
// Hand-written rather than @hono/node-server: measured in one run (bench single-send), that adapter
// answered 1,596 sends/s against 1,945 for this one, because it hands the body to the app as a web
// stream over the Node stream; unless it replaces the global Request and Response, which this
// process's Next.js must keep. Request bodies are small (at most MAX_REQUEST_BYTES), so they are
// read first; a response is written whole when it is JSON, and streamed otherwise (CSV exports).
import type { IncomingMessage, ServerResponse } from "node:http";
import { apiApp } from "@/lib/api/app";
import { isEngagementPath } from "@/lib/engagement/routes";
import { errorResponse } from "@/lib/http/envelope";
import { MAX_REQUEST_BYTES } from "@/lib/http/validation";
import { logger } from "@/lib/log";

export const isApiPath = (url: string | undefined): boolean => {
  const raw = url ?? "/";
  const q = raw.indexOf("?");
  const pathname = q === -1 ? raw : raw.slice(0, q);
  return (
    pathname === "/api/v1" ||
    pathname.startsWith("/api/v1/") ||
    pathname === "/health" ||
    pathname === "/metrics" ||
    isEngagementPath(pathname)
  );
};

async function readBody(req: IncomingMessage): Promise<Buffer | "too large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Past the largest endpoint's limit nothing is read further; within it, each endpoint checks its own.
    if (size > MAX_REQUEST_BYTES) return "too large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function requestOf(req: IncomingMessage, body: Buffer | null): Request {
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2)
    headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const host = req.headers.host ?? "localhost";
  return new Request(`http://${host}${req.url ?? "/"}`, {
    method: req.method,
    headers,
    body: body && body.length > 0 ? (body as Uint8Array<ArrayBuffer>) : undefined,
  });
}

async function writeResponse(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  const type = response.headers.get("content-type") ?? "";
  if (!response.body || head || type.includes("json")) {
    const body = response.body && !head ? Buffer.from(await response.arrayBuffer()) : null;
    if (body) headers["content-length"] = String(body.length);
    res.writeHead(response.status, headers);
    res.end(body ?? undefined);
    return;
  }
  // Streamed: each chunk goes out as it is produced, waiting while the client is slower.
  res.writeHead(response.status, headers);
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!res.write(value)) await new Promise((resolve) => res.once("drain", resolve));
    if (res.destroyed) return;
  }
  res.end();
}

export function apiListener(): (req: IncomingMessage, res: ServerResponse) => void {
  const app = apiApp();
  return (req, res) => {
    void (async () => {
      const method = req.method ?? "GET";
      const hasBody = method !== "GET" && method !== "HEAD";
      const body = hasBody ? await readBody(req) : null;
      let response: Response;
      if (body === "too large") {
        response = errorResponse("too_large", "Request body too large", undefined, { Connection: "close" });
      } else {
        response = await app.fetch(requestOf(req, body));
      }
      await writeResponse(res, response, method === "HEAD");
    })().catch((err: unknown) => {
      logger().error({ err, url: req.url }, "request failed");
      if (!res.headersSent)
        res
          .writeHead(500, { "content-type": "application/json" })
          .end('{"code":500,"message":"Internal server error","error_code":"internal"}');
      else res.destroy();
    });
  };
}

/**
 * Sets a header the edge decides (request id, client address) in both views of the request: Next.js
 * reads `headers`, the API door `rawHeaders`. A value the client sent under that name is dropped.
 */
export function setEdgeHeader(req: IncomingMessage, name: string, value: string): void {
  req.headers[name] = value;
  const raw = req.rawHeaders;
  for (let i = raw.length - 2; i >= 0; i -= 2) {
    const header = raw[i]!;
    // The length first: lower-casing every header name of every request shows in the benches.
    if (header.length === name.length && header.toLowerCase() === name) raw.splice(i, 2);
  }
  raw.push(name, value);
}
