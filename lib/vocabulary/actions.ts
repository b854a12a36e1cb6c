// A notification's rich content: its action buttons and their rules, shared by the send schema, the
// inbox and the host-app packages.
import { safeLink } from "./links";
import { MAX_LINK_LENGTH } from "./limits";

export const actionStyles = ["primary", "secondary"] as const;
export type ActionStyle = (typeof actionStyles)[number];

/** A notification offers at most this many buttons (one row in a narrow bell). */
export const MAX_ACTIONS = 3;
export const MAX_ACTION_ID = 100;
export const MAX_ACTION_LABEL = 60;
export const MAX_IMAGE_URL = MAX_LINK_LENGTH;

export type NotificationAction = {
  id: string;
  label: string;
  url?: string | null;
  style: ActionStyle;
};

// Relative URLs are checked against a stand-in origin when the real one is not known (the server).
const PLACEHOLDER_ORIGIN = "https://herald.invalid";

/**
 * Whether an action URL may be followed: an http(s) URL, or a relative one that stays on `origin`
 * (no javascript:, data:, protocol-relative //host…).
 */
export function isSafeActionUrl(raw: unknown, origin: string = PLACEHOLDER_ORIGIN): boolean {
  return safeLink(raw, origin) !== null;
}

/** Whether an image URL may be shown: https only (an http image would be mixed content). */
export function isSafeImageUrl(raw: unknown): boolean {
  if (typeof raw !== "string" || raw.length > MAX_IMAGE_URL) return false;
  try {
    return new URL(raw).protocol === "https:";
  } catch {
    return false;
  }
}
