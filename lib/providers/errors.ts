// Shared error classification for the HTTP-based providers: status codes and network failures to ProviderError.
import { isAddressRefused } from "../http/outbound";
import { ProviderError } from "./types";

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The usual meaning of an HTTP failure status; providers handle their special cases before calling this. */
export function errorForStatus(
  provider: string,
  status: number,
  detail: string,
  retryAfter?: string | null,
): ProviderError {
  const message = `${provider}: HTTP ${status}${detail ? ` ${detail}` : ""}`;
  if (status === 429) return new ProviderError(message, true, "rate_limited", parseRetryAfter(retryAfter));
  // 408 is the provider timing us out: the same request can succeed later.
  if (status >= 500 || status === 408) {
    return new ProviderError(message, true, "provider_unavailable", parseRetryAfter(retryAfter));
  }
  if (status === 401 || status === 403) return new ProviderError(message, false, "unauthorized");
  return new ProviderError(message, false, "rejected");
}

/** No answer at all (refused, reset, DNS, timeout): the provider may be back on the next try. */
export function networkError(provider: string, cause: unknown): ProviderError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  // The guarded agent refused the host's address (private, loopback, metadata): no retry changes that.
  const refused = isAddressRefused(cause);
  const error = new ProviderError(
    `${provider}: ${reason}`,
    !refused,
    refused ? "address_refused" : "network_error",
  );
  error.cause = cause;
  return error;
}

/** Passes ProviderErrors through and treats anything else as a network failure. */
export function toProviderError(provider: string, cause: unknown): ProviderError {
  return cause instanceof ProviderError ? cause : networkError(provider, cause);
}

/** How long one provider call may take before it counts as a (retryable) network failure. */
export const PROVIDER_TIMEOUT_MS = 15_000;

// A provider that cannot send for anyone right now (its account, its settings, its host): another
// provider of the chain may. Recipient errors (invalid address, a 4xx about the message) are not here.
const PROVIDER_FAULT_CODES = new Set([
  "unauthorized",
  "misconfigured",
  "invalid_from",
  "token_invalid",
  "integration_invalid",
  "secrets_unreadable",
  "host_not_allowed",
  "address_refused",
  "circuit_open",
]);

/** A failure of the provider rather than of this message: it counts against its circuit and fails over. */
export function isProviderFault(error: unknown): boolean {
  return error instanceof ProviderError && (error.retryable || PROVIDER_FAULT_CODES.has(error.code));
}
