// Serves /api/v1 (and /health, /metrics) straight from the App Router route modules, without
// Next.js's router and renderer in between. Why: those handlers take a Request and return a
// Response and need nothing from Next.js, whose per-request machinery cost ~30 % of the CPU of a
// single send (measured with --cpu-prof, docs/PERFORMANCE.md). Same modules, same wrapper, same
// answers; everything that does not match a route module (pages, /api/auth, assets) goes to Next.js.
import { readdirSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { errorResponse } from "@/lib/http/envelope";
import { MAX_REQUEST_BYTES } from "@/lib/http/validation";

type Handler = (
  req: Request,
  ctx: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;
type Segment =
  { kind: "static"; value: string } | { kind: "param"; name: string } | { kind: "rest"; name: string };
export type ApiRoute = { file: string; segments: Segment[]; handlers: Map<string, Handler> };

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function parseSegments(relDir: string): Segment[] {
  return relDir
    .split(path.sep)
    .filter(Boolean)
    .filter((s) => !(s.startsWith("(") && s.endsWith(")"))) // route groups are not in the URL
    .map((s): Segment => {
      if (s.startsWith("[...") && s.endsWith("]")) return { kind: "rest", name: s.slice(4, -1) };
      if (s.startsWith("[") && s.endsWith("]")) return { kind: "param", name: s.slice(1, -1) };
      return { kind: "static", value: s };
    });
}

/** Static segments win over parameters, parameters over catch-alls (Next.js's precedence). */
function rank(r: ApiRoute): string {
  return r.segments.map((s) => (s.kind === "static" ? "0" : s.kind === "param" ? "1" : "2")).join("");
}

/** The route table for route files (paths relative to app/), most specific first. */
export function routeTable(modules: { file: string; exports: Record<string, unknown> }[]): ApiRoute[] {
  const routes = modules.map(({ file, exports }): ApiRoute => {
    const handlers = new Map<string, Handler>();
    for (const m of METHODS) if (typeof exports[m] === "function") handlers.set(m, exports[m] as Handler);
    return { file, segments: parseSegments(path.dirname(file)), handlers };
  });
  return routes.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
}

/**
 * Loads the route modules under the given folders of app/ (the server runs from source, so they
 * are here): by default the REST API and the health and metrics endpoints.
 */
export async function loadRoutes(
  folders = ["api/v1", "health", "metrics"],
  root = process.cwd(),
): Promise<ApiRoute[]> {
  const modules = [];
  for (const folder of folders) {
    const base = path.join(root, "app", folder);
    const files = readdirSync(base, { recursive: true, encoding: "utf8" }).filter(
      (f) => path.basename(f) === "route.ts",
    );
    for (const f of files) {
      const file = path.join(folder, f);
      const exports = (await import(pathToFileURL(path.join(root, "app", file)).href)) as Record<
        string,
        unknown
      >;
      modules.push({ file, exports });
    }
  }
  return routeTable(modules);
}

export function match(
  routes: ApiRoute[],
  parts: string[],
): { route: ApiRoute; params: Record<string, string | string[]> } | null {
  outer: for (const route of routes) {
    const params: Record<string, string | string[]> = {};
    const segs = route.segments;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      if (s.kind === "rest") {
        if (i >= parts.length) continue outer;
        params[s.name] = parts.slice(i);
        return { route, params };
      }
      const part = parts[i];
      if (part === undefined) continue outer;
      if (s.kind === "static" ? s.value !== part : part === "") continue outer;
      if (s.kind === "param") params[s.name] = part;
    }
    if (parts.length === segs.length) return { route, params };
  }
  return null;
}

function splitPath(pathname: string): string[] | null {
  try {
    return pathname.split("/").slice(1).map(decodeURIComponent);
  } catch {
    return null; // malformed percent-encoding: let Next.js answer
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer | "too large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Past the largest route's limit nothing is read further; within it, each route checks its own
    // (one byte over is enough for the wrapper's JSON check to refuse it with 413).
    if (size > MAX_REQUEST_BYTES + 1) return "too large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function writeResponse(res: ServerResponse, response: Response, head: boolean): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    if (key !== "set-cookie") headers[key] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : null;
  if (body) headers["content-length"] = String(body.length);
  res.writeHead(response.status, headers);
  res.end(head ? undefined : (body ?? undefined));
}

/**
 * The request listener's first stop: answers requests that match a route module and every /api/v1
 * request (a JSON 404 when none matches) and returns true, or returns false for Next.js.
 */
export function apiDispatcher(routes: ApiRoute[], onError: (err: unknown, url: string) => void) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const raw = req.url ?? "/";
    const api = raw.startsWith("/api/v1/");
    const q = raw.indexOf("?");
    const parts = splitPath(q === -1 ? raw : raw.slice(0, q));
    if (!parts) return false;
    if (parts.length > 1 && parts.at(-1) === "") parts.pop(); // "/notifications/" is "/notifications"
    const found = match(routes, parts);
    if (!found && !api) return false;
    void (async () => {
      const method = req.method ?? "GET";
      if (!found) {
        req.resume();
        return writeResponse(res, errorResponse(404, "Not found"), method === "HEAD");
      }
      const handler = found.route.handlers.get(method === "HEAD" ? "GET" : method);
      let response: Response;
      if (handler) {
        const hasBody = method !== "GET" && method !== "HEAD";
        const body = hasBody ? await readBody(req) : null;
        if (body === "too large") {
          response = errorResponse(413, "Request body too large");
          res.setHeader("Connection", "close");
        } else {
          const headers = new Headers();
          for (let i = 0; i < req.rawHeaders.length; i += 2)
            headers.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
          const host = req.headers.host ?? "localhost";
          const request = new Request(`http://${host}${raw}`, {
            method,
            headers,
            body: body && body.length > 0 ? (body as Uint8Array<ArrayBuffer>) : undefined,
          });
          response = await handler(request, { params: Promise.resolve(found.params) });
        }
      } else {
        const allow = [
          ...found.route.handlers.keys(),
          "OPTIONS",
          ...(found.route.handlers.has("GET") ? ["HEAD"] : []),
        ].join(", ");
        response =
          method === "OPTIONS"
            ? new Response(null, { status: 204, headers: { Allow: allow } })
            : errorResponse(405, "Method not allowed", undefined, { Allow: allow });
      }
      await writeResponse(res, response, method === "HEAD");
    })().catch((err: unknown) => {
      onError(err, raw);
      if (!res.headersSent)
        res
          .writeHead(500, { "content-type": "application/json" })
          .end('{"code":500,"message":"Internal server error"}');
      else res.destroy();
    });
    return true;
  };
}
