// Where a tenant's integration may send: hosts it names must be on the operator's allow-list, and
// every request to them goes through the guarded agent.
import { env, listOf, type Env } from "../env";
import type { FieldError } from "../errors";
import { hostMatches, isInsecureSchemeAllowed } from "../http/outbound";
import type { IntegrationProvider } from "./schema";

/** Per provider, the settings that name a host ("config.x" or "secrets.x"). */
export const endpointFields: Record<IntegrationProvider, readonly string[]> = {
  resend: ["config.base_url"],
  twilio: ["config.base_url"],
  wechat: ["config.base_url"],
  slack_bot: ["config.base_url"],
  smtp: ["secrets.url"],
  webpush: [],
  // Their hosts are the operator's (FCM_API_BASE_URL, FCM_TOKEN_URL, APNS_BASE_URL), never a tenant's.
  fcm: [],
  apns: [],
  outbox: [],
};

type Settings = { config: Record<string, unknown>; secrets?: Record<string, unknown> };

export function endpointValue(field: string, s: Settings): unknown {
  const [part, key] = field.split(".") as ["config" | "secrets", string];
  return s[part]?.[key];
}

/** Each endpoint setting whose host the operator does not allow; values are never echoed (one is a secret). */
export function endpointProblems(provider: string, s: Settings, e: Env = env()): FieldError[] {
  const allowed = listOf(e.INTEGRATION_HOSTS_ALLOWED);
  const problems: FieldError[] = [];
  for (const field of endpointFields[provider as IntegrationProvider] ?? []) {
    const value = endpointValue(field, s);
    if (typeof value !== "string") continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      continue; // the provider's schema names a malformed URL
    }
    if (!hostMatches(url.hostname, allowed)) {
      problems.push({
        field,
        message:
          allowed.length === 0
            ? "cannot be set on this deployment (the operator allows no integration hosts)"
            : "is not a host this deployment allows for integrations (INTEGRATION_HOSTS_ALLOWED)",
      });
    } else if (url.protocol === "http:" && !isInsecureSchemeAllowed(url, e)) {
      problems.push({ field, message: "must be an https URL" });
    }
  }
  return problems;
}

/** Whether the integration names a host of its own (then its requests go through the guarded agent). */
export function hasOwnEndpoint(provider: string, s: Settings): boolean {
  return (endpointFields[provider as IntegrationProvider] ?? []).some(
    (f) => typeof endpointValue(f, s) === "string",
  );
}
