// Calls route handlers directly with real Request objects: the real wrapper, real database, no HTTP.
import { encode } from "next-auth/jwt";
import type { SessionClaims } from "@/lib/auth/session";
import { SESSION_COOKIE } from "@/lib/auth/session";

export const ORIGIN = "http://localhost:3000";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type CallOptions = {
  headers?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  params?: Record<string, string>;
};

export type CallResult = { status: number; headers: Headers; json: any }; // eslint-disable-line @typescript-eslint/no-explicit-any

export async function call(
  handler: Handler | undefined,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<CallResult> {
  if (!handler) throw new Error(`no ${method} handler for ${path}`);
  const headers = new Headers(opts.headers);
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
  }
  const res = await handler(new Request(ORIGIN + path, { method, headers, body }), {
    params: Promise.resolve(opts.params ?? {}),
  });
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
