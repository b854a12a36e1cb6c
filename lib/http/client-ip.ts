/** Set by the Herald server on every request (any value sent by the client is overwritten). */
export const CLIENT_IP_HEADER = "x-herald-client-ip";

export function clientIp(headers: Headers): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}
