// Which push endpoints Herald sends to: the browsers' push services, or hosts the operator adds.
import { env, listOf, type Env } from "../env";
import { hostMatches } from "../http/outbound";

/** The push services browsers subscribe with (Chrome/Edge/Opera/Samsung via FCM, Firefox, Safari, Windows). */
export const PUSH_SERVICE_HOSTS = [
  "fcm.googleapis.com",
  "android.googleapis.com",
  "*.push.services.mozilla.com",
  "*.push.apple.com",
  "*.notify.windows.com",
] as const;

/** Why Herald will not send to this endpoint, or null when it will. */
export function pushEndpointProblem(endpoint: string, e: Env = env()): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "must be an https URL";
  }
  if (url.protocol !== "https:") return "must be an https URL";
  if (url.username || url.password) return "must not carry credentials";
  const allowed = [...PUSH_SERVICE_HOSTS, ...listOf(e.PUSH_HOSTS_ALLOWED)];
  if (!hostMatches(url.hostname, allowed)) {
    return `must be a push service's endpoint (${PUSH_SERVICE_HOSTS.join(", ")})`;
  }
  return null;
}
