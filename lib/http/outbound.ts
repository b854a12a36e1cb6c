// The one guarded way out for requests to addresses a user or tenant supplied (push endpoints,
// tenant provider hosts, later webhooks): every connection's resolved address is checked, so a
// name that resolves (or is rebound) to loopback, a private network or cloud metadata is refused.
import type { IncomingHttpHeaders } from "node:http";
import { lookup } from "node:dns/promises";
import http from "node:http";
import https from "node:https";
import { isIP, type Socket, type TcpNetConnectOpts } from "node:net";
import ipaddr from "ipaddr.js";
import type { Duplex } from "node:stream";
import {
  RequestFilteringHttpAgent,
  RequestFilteringHttpsAgent,
  type RequestFilteringAgentOptions,
} from "request-filtering-agent";
import { env, listOf, type Env } from "../env";
import { processSingleton } from "../process-singleton";

/** Cloud metadata services: refused even for hosts the operator lets reach private addresses. */
const METADATA_ADDRESSES = [
  "169.254.169.254",
  "::ffff:169.254.169.254",
  "169.254.170.2",
  "::ffff:169.254.170.2",
  "fd00:ec2::254",
  "100.100.100.200",
  "::ffff:100.100.100.200",
];

// Anything ipaddr.js does not call "unicast" is refused: loopback, private, link-local, CGNAT,
// multicast, broadcast, reserved, unspecified, IPv4-mapped/translated IPv6, 6to4, Teredo…
const PUBLIC_ONLY: RequestFilteringAgentOptions = {
  allowPrivateIPAddress: false,
  allowMetaIPAddress: false,
  denyIPAddressList: METADATA_ADDRESSES,
};
const PRIVATE_TOO: RequestFilteringAgentOptions = {
  allowPrivateIPAddress: true,
  allowMetaIPAddress: false,
  denyIPAddressList: METADATA_ADDRESSES,
};

/** Headers may add this much to a response beyond OUTBOUND_MAX_RESPONSE_BYTES (Node's header limit). */
const HEADER_ALLOWANCE = 16 * 1024;

export const ADDRESS_REFUSED = "ERR_ADDRESS_REFUSED";
export const RESPONSE_TOO_LARGE = "ERR_RESPONSE_TOO_LARGE";
export const OUTBOUND_TIMEOUT = "ERR_OUTBOUND_TIMEOUT";

type CodedError = Error & { code?: string };

function coded(message: string, code: string): CodedError {
  return Object.assign(new Error(message), { code });
}

/** The host part of a URL or host header, lower-case, without IPv6 brackets or a trailing dot. */
export function normalizeHost(host: string): string {
  return host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "");
}

/** Whether `host` is one of `patterns`: an exact name (or IP), or `*.suffix` for any name under it. */
export function hostMatches(host: string, patterns: readonly string[]): boolean {
  const name = normalizeHost(host);
  return patterns.some((raw) => {
    const pattern = normalizeHost(raw);
    if (pattern.startsWith("*.")) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}

/** Hosts the operator lets reach private addresses (OUTBOUND_PRIVATE_HOSTS_ALLOWED). */
export function isPrivateHostAllowed(host: string | null | undefined, e: Env = env()): boolean {
  return !!host && hostMatches(host, listOf(e.OUTBOUND_PRIVATE_HOSTS_ALLOWED));
}

/**
 * Plain http is for the operator's own on-prem hosts only: a host in OUTBOUND_PRIVATE_HOSTS_ALLOWED,
 * outside production. Everything else must be https.
 */
export function isInsecureSchemeAllowed(url: URL, e: Env = env()): boolean {
  return url.protocol === "http:" && e.NODE_ENV !== "production" && isPrivateHostAllowed(url.hostname, e);
}

/** Whether the guarded agent would refuse to connect to `address` for `host` (the same rules). */
export function isAddressRefusedFor(address: string, host: string, e: Env = env()): boolean {
  if (METADATA_ADDRESSES.includes(address)) return true;
  const range = ipaddr.parse(address).range();
  if (range === "unspecified") return true;
  return range !== "unicast" && !isPrivateHostAllowed(host, e);
}

/**
 * Why a URL someone registers would be refused, checked when it is registered (the guarded agent
 * checks again at every connection, as DNS can change): "scheme", "address" (resolves to an address
 * the guard refuses) or "unresolved"; null when it would be sent to.
 */
export async function outboundUrlProblem(
  url: URL,
  e: Env = env(),
): Promise<"scheme" | "address" | "unresolved" | null> {
  if (url.protocol !== "https:" && !isInsecureSchemeAllowed(url, e)) return "scheme";
  const host = normalizeHost(url.hostname);
  let addresses: string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return "unresolved";
    }
  }
  if (addresses.length === 0) return "unresolved";
  return addresses.some((a) => isAddressRefusedFor(a, host, e)) ? "address" : null;
}

/** Whether the error (or one it wraps) is the guard refusing an address. */
export function isAddressRefused(err: unknown): boolean {
  return hasCode(err, ADDRESS_REFUSED);
}

export function hasCode(err: unknown, code: string): boolean {
  for (let current = err as CodedError | undefined, depth = 0; current && depth < 5; depth++) {
    if (current.code === code) return true;
    current = (current as { cause?: CodedError }).cause;
  }
  return false;
}

// request-filtering-agent reports a refusal as a plain Error with this wording: give it a code.
const REFUSAL = /^DNS lookup .* is not allowed\./;

function tagRefusal(err: CodedError | null | undefined): CodedError | null | undefined {
  if (err && !err.code && REFUSAL.test(err.message)) err.code = ADDRESS_REFUSED;
  return err;
}

type ConnectionListener = (error: Error | null, socket: Duplex) => void;
type Counted = Socket & { __heraldBytes?: number };

/** Connect timeout, idle timeout, a byte cap per response, and refusals tagged with a code. */
function watch(
  create: (options: TcpNetConnectOpts, cb?: ConnectionListener) => Duplex | Socket,
  options: TcpNetConnectOpts,
  cb: ConnectionListener | undefined,
): Duplex | Socket {
  const config = env();
  // An agent made with its own `timeout` (see agentsFor) keeps it; the others take the operator's.
  const timeoutMs = options.timeout ?? config.OUTBOUND_TIMEOUT_MS;
  const cap = config.OUTBOUND_MAX_RESPONSE_BYTES + HEADER_ALLOWANCE;
  const socket = create(options, cb && ((err, created) => cb(tagRefusal(err) ?? null, created))) as Counted;
  socket.on("error", tagRefusal);
  const connectTimer = setTimeout(() => {
    socket.destroy(coded(`connect to ${options.host} timed out after ${timeoutMs} ms`, OUTBOUND_TIMEOUT));
  }, timeoutMs);
  const connected = () => clearTimeout(connectTimer);
  socket.once("connect", connected);
  socket.once("secureConnect", connected);
  socket.once("close", connected);
  socket.setTimeout(timeoutMs, () => {
    socket.destroy(coded(`${options.host} sent nothing for ${timeoutMs} ms`, OUTBOUND_TIMEOUT));
  });
  socket.__heraldBytes = 0;
  socket.on("data", (chunk: Buffer) => {
    socket.__heraldBytes = (socket.__heraldBytes ?? 0) + chunk.length;
    if (socket.__heraldBytes > cap) {
      socket.destroy(coded(`${options.host} answered more than ${cap} bytes`, RESPONSE_TOO_LARGE));
    }
  });
  return socket;
}

type FilteringAgent = http.Agent & {
  createConnection(options: TcpNetConnectOpts, cb?: ConnectionListener): Duplex | Socket;
};
type AgentClass<O, A> = new (options?: O & RequestFilteringAgentOptions) => A;

/** The guard on a request-filtering agent class: the same for http and https. */
function guarded<O extends http.AgentOptions, A extends FilteringAgent>(Base: AgentClass<O, A>) {
  const Filtering = Base as AgentClass<O, FilteringAgent>;
  class Guarded extends Filtering {
    /** Reaches private addresses too, for the operator's hosts (never cloud metadata). */
    readonly privateToo: FilteringAgent;
    constructor(options = {} as O) {
      super({ keepAlive: true, ...options, ...PUBLIC_ONLY });
      this.privateToo = new Filtering({ ...options, ...PRIVATE_TOO });
    }
    override createConnection(options: TcpNetConnectOpts, cb?: ConnectionListener) {
      // Decided per connection, so a redirect an SDK follows with this agent is checked for its own host.
      const create = isPrivateHostAllowed(options.host)
        ? (opts: TcpNetConnectOpts, listener?: ConnectionListener) =>
            this.privateToo.createConnection(opts, listener)
        : (opts: TcpNetConnectOpts, listener?: ConnectionListener) => super.createConnection(opts, listener);
      return watch(create, options, cb);
    }
    override reuseSocket(socket: Socket, request: http.ClientRequest): void {
      (socket as Counted).__heraldBytes = 0; // the byte cap is per response
      super.reuseSocket(socket, request);
    }
  }
  return Guarded as unknown as AgentClass<O, A>;
}

/** An http.Agent whose every connection goes through the address check. */
export class GuardedHttpAgent extends guarded(RequestFilteringHttpAgent) {}

/** The https.Agent twin of GuardedHttpAgent (TLS options such as `ca` apply as usual). */
export class GuardedHttpsAgent extends guarded(RequestFilteringHttpsAgent) {}

/** The shared guarded agents, one per scheme (for SDKs that take both). */
export function sharedAgents(): { http: GuardedHttpAgent; https: GuardedHttpsAgent } {
  return processSingleton("http.guarded-agents", () => ({
    http: new GuardedHttpAgent(),
    https: new GuardedHttpsAgent(),
  }));
}

/** Guarded agents whose connect and idle timeout is `timeoutMs` instead of OUTBOUND_TIMEOUT_MS. */
function agentsFor(timeoutMs: number | undefined): { http: GuardedHttpAgent; https: GuardedHttpsAgent } {
  if (timeoutMs === undefined) return sharedAgents();
  return processSingleton(`http.guarded-agents.${timeoutMs}`, () => ({
    http: new GuardedHttpAgent({ timeout: timeoutMs }),
    https: new GuardedHttpsAgent({ timeout: timeoutMs }),
  }));
}

export type GuardedTlsOptions = {
  /** Extra certificate authorities to trust (tests: a local stub's self-signed certificate). */
  ca?: string | Buffer;
};

/**
 * The guarded agent for a URL's scheme, for SDKs that take an agent. Shared unless TLS options
 * are given (then a new one: the caller owns it and destroys it).
 */
export function guardedAgent(
  url: string | URL,
  tls?: GuardedTlsOptions,
): GuardedHttpAgent | GuardedHttpsAgent {
  const isHttps = new URL(url).protocol === "https:";
  if (tls?.ca !== undefined) return isHttps ? new GuardedHttpsAgent({ ca: tls.ca }) : new GuardedHttpAgent();
  return isHttps ? sharedAgents().https : sharedAgents().http;
}

/** A TCP connection to host:port through the same check (for SMTP, which uses no HTTP agent). */
export function guardedSocket(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const socket = sharedAgents().http.createConnection({ host, port }, (err) => {
      if (err) fail(err);
    }) as Socket;
    if (settled) return;
    socket.once("error", fail);
    socket.once("connect", () => {
      if (settled) return;
      settled = true;
      socket.removeListener("error", fail);
      // The SMTP client sets its own timeouts; the guard's idle timeout would cut a pooled connection.
      socket.setTimeout(0);
      resolve(socket);
    });
  });
}

/** nodemailer's `getSocket` hook: the SMTP connection opened by guardedSocket. */
export function guardedSmtpSocket(
  options: { host?: string; port?: number },
  callback: (err: Error | null, socketOptions?: { connection: Socket }) => void,
): void {
  guardedSocket(options.host ?? "localhost", options.port ?? 25).then(
    (connection) => callback(null, { connection }),
    (err: Error) => callback(err),
  );
}

export type GuardedRequest = {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Redirects to follow (default 0: a 3xx is answered as is). Each hop is checked like the first. */
  maxRedirects?: number;
  signal?: AbortSignal;
  tls?: GuardedTlsOptions;
  /**
   * How long the whole exchange may take, and the connection may wait or stay silent, instead of
   * OUTBOUND_TIMEOUT_MS (a receiver the caller gives longer, e.g. a webhook's 15 s).
   */
  timeoutMs?: number;
};

export type GuardedResponse = {
  status: number;
  headers: IncomingHttpHeaders;
  /** At most OUTBOUND_MAX_RESPONSE_BYTES; a longer answer fails with ERR_RESPONSE_TOO_LARGE. */
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
};

function checkScheme(url: URL): void {
  if (url.protocol === "https:" || isInsecureSchemeAllowed(url)) return;
  throw coded(`${url.protocol}// is not allowed for ${url.hostname}`, ADDRESS_REFUSED);
}

function requestOnce(url: URL, init: GuardedRequest): Promise<GuardedResponse> {
  const cap = env().OUTBOUND_MAX_RESPONSE_BYTES;
  const isHttps = url.protocol === "https:";
  const client = isHttps ? https : http;
  const timed = agentsFor(init.timeoutMs);
  const agent = init.tls?.ca !== undefined ? guardedAgent(url, init.tls) : isHttps ? timed.https : timed.http;
  const owned = agent !== timed.http && agent !== timed.https;
  const signals = [init.signal, init.timeoutMs ? AbortSignal.timeout(init.timeoutMs) : undefined];
  const present = signals.filter((x): x is AbortSignal => x !== undefined);
  const signal = present.length > 1 ? AbortSignal.any(present) : present[0];
  return new Promise<GuardedResponse>((resolve, reject) => {
    const req = client.request(
      url,
      { method: init.method ?? "GET", headers: init.headers, agent, signal },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > cap) {
            res.destroy(coded(`${url.host} answered more than ${cap} bytes`, RESPONSE_TOO_LARGE));
            return;
          }
          chunks.push(chunk);
        });
        res.once("error", reject);
        res.once("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            url: url.href,
          }),
        );
      },
    );
    req.once("error", reject);
    req.end(init.body);
  }).finally(() => {
    if (owned) agent.destroy();
  });
}

/**
 * One request through the guarded agent: scheme checked (https, or http for an allowed private
 * host outside production), every hop's address checked, body capped.
 */
export async function guardedFetch(url: string | URL, init: GuardedRequest = {}): Promise<GuardedResponse> {
  let current = new URL(url);
  let request = init;
  for (let hop = 0; ; hop++) {
    checkScheme(current);
    const res = await requestOnce(current, request);
    const location = res.headers.location;
    if (res.status < 300 || res.status >= 400 || !location || hop >= (init.maxRedirects ?? 0)) return res;
    const next = new URL(location, current);
    // Credentials never follow a redirect to another origin.
    const headers = next.origin === current.origin ? request.headers : undefined;
    const keepsBody = res.status === 307 || res.status === 308;
    request = keepsBody ? { ...request, headers } : { ...request, method: "GET", body: undefined, headers };
    current = next;
  }
}

/**
 * A `fetch` for SDK code that takes one, over guardedFetch. It never follows redirects (an SDK's
 * credentials must not travel to where a redirect points): a 3xx is answered as is.
 */
export const guardedFetchApi = async (
  input: string | URL | Request,
  init: RequestInit = {},
): Promise<Response> => {
  const url = input instanceof Request ? input.url : input;
  const headers: Record<string, string> = {};
  new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined)).forEach(
    (value, name) => {
      headers[name] = value;
    },
  );
  const method = (init.method ?? "GET").toUpperCase();
  const res = await guardedFetch(url, {
    method,
    headers,
    body: bodyOf(init.body),
    signal: init.signal ?? undefined,
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(res.headers)) {
    if (Array.isArray(value)) for (const one of value) responseHeaders.append(name, one);
    else if (value !== undefined) responseHeaders.set(name, value);
  }
  const empty = res.status === 204 || res.status === 304 || method === "HEAD";
  return new Response(empty ? null : new Uint8Array(res.body), {
    status: res.status,
    headers: responseHeaders,
  });
};

function bodyOf(body: RequestInit["body"]): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(new Uint8Array(body));
  throw new TypeError("guardedFetchApi sends string, URLSearchParams or byte bodies only");
}
