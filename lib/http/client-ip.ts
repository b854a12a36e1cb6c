// The client's address: worked out once by the server from the socket and X-Forwarded-For, then
// read by rate limits and the audit log from a header the server sets on every request.
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyAddr from "proxy-addr";
import type { Env } from "../env";

/** Set by the Herald server on every request (any value sent by the client is overwritten). */
export const CLIENT_IP_HEADER = "x-herald-client-ip";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

/** Whether the hop `index` places from the socket (0 is the socket's peer) is one of our proxies. */
export type ProxyTrust = (address: string, index: number) => boolean;

/**
 * The proxies TRUST_PROXY and TRUSTED_PROXIES describe: a count trusts that many hops nearest the
 * server (default 1), CIDRs trust the hops inside them. Null: X-Forwarded-For is ignored.
 */
export function proxyTrust(e: Pick<Env, "TRUST_PROXY" | "TRUSTED_PROXIES">): ProxyTrust | null {
  if (!e.TRUST_PROXY) return null;
  const spec = e.TRUSTED_PROXIES?.trim() || "1";
  if (/^\d+$/.test(spec)) {
    const hops = Number(spec);
    return (_address, index) => index < hops;
  }
  return proxyAddr.compile(
    spec
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean),
  );
}

/**
 * The nearest address no trusted proxy vouches for, walking X-Forwarded-For from the right:
 * whatever a client writes into the header itself sits left of that and is never taken.
 */
export function clientAddress(
  remoteAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trust: ProxyTrust | null,
): string {
  if (!remoteAddress) return "unknown";
  if (!trust) return canonical(remoteAddress);
  const xff = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  // proxy-addr reads only these two fields of the request.
  const req = { headers: xff ? { "x-forwarded-for": xff } : {}, socket: { remoteAddress } };
  return canonical(proxyAddr(req as unknown as IncomingMessage, trust));
}

/** IPv4 clients reaching a dual-stack socket show up as ::ffff:a.b.c.d; they are a.b.c.d. */
function canonical(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  return ipaddr.process(address).toString();
}

/**
 * The key an address is counted under: one IPv6 client usually holds a whole /64, so per-address
 * limits count the /64, not each of its addresses.
 */
export function addressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const ip = ipaddr.process(address);
  if (ip.kind() === "ipv4") return ip.toString();
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(":")}::/64`;
}
