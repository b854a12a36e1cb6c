// A notification's action buttons: where a click may lead. Herald checks action URLs on send; the
// browser checks again before following one, as Herald's own inbox does (lib/vocabulary/actions).
import type { Notification, NotificationAction } from "./types.ts";

export type ActionTarget = { href: string; external: boolean };

/**
 * Where an action leads: an http(s) URL (external when on another origin), or a relative one that
 * stays on `origin`; null for a url-less action and for anything else (javascript:, data:, //host).
 */
export function actionTarget(
  action: { url?: NotificationAction["url"] },
  origin: string,
): ActionTarget | null {
  const raw = action.url?.trim();
  if (!raw) return null;
  let url: URL;
  let base: URL;
  try {
    base = new URL(origin);
    url = new URL(raw, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  const sameOrigin = url.origin === base.origin;
  // Without a scheme written out, a link must resolve to this origin (not //evil.example).
  if (!/^[a-z][a-z\d+.-]*:/i.test(raw) && !sameOrigin) return null;
  return sameOrigin
    ? { href: url.pathname + url.search + url.hash, external: false }
    : { href: url.href, external: true };
}

/** The notification's buttons, at most three (the API takes no more). */
export function actionsOf(n: Pick<Notification, "actions">): NotificationAction[] {
  return (n.actions ?? []).slice(0, 3);
}

/** Follows a safe action URL: this tab for a relative one, a new tab without an opener for another site. */
export function followAction(target: ActionTarget): void {
  if (target.external) window.open(target.href, "_blank", "noopener,noreferrer");
  else window.location.assign(target.href);
}
