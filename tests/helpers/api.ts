// Calls the API app with real Request objects: the real router and wrapper, real database, no socket.
import { encode } from "next-auth/jwt";
import type { SessionClaims } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/session";
import { apiApp } from "@/lib/api/app";

/** The API app's `fetch`, as the custom server and Next.js's door call it. */
export const apiFetch: Handler = async (req) => apiApp().fetch(req);

/** One request to the API app; the answer's body parsed as JSON. */
export function api(method: string, path: string, opts: CallOptions = {}): Promise<CallResult> {
  return call(apiFetch, method, path, opts);
}

export const ORIGIN = "http://localhost:3000";

type Handler = (req: Request) => Promise<Response>;

export type CallOptions = {
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
};

export type CallResult = { status: number; headers: Headers; json: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A request to any handler of the app's shape (a test wrapping the app passes its own). */
export async function call(
  handler: Handler,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<CallResult> {
  const headers = new Headers(opts.headers);
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
  }
  const request = new Request(ORIGIN + path, { method, headers, body });
  const res = await handler(request);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

export const bearer = (credential: string) => ({ Authorization: `Bearer ${credential}` });

/** A session cookie exactly as Auth.js writes it (same encoder, same salt). */
export async function sessionCookie(
  claims: SessionClaims,
  secret = process.env.AUTH_SECRET!,
): Promise<Record<string, string>> {
  const token = await encode({ token: claims, secret, salt: SESSION_COOKIE });
  return { Cookie: `${SESSION_COOKIE}=${token}` };
}
