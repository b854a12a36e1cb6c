// What the delivery pipeline adds to an email on its way out: the recipient's unsubscribe link (in
// the List-Unsubscribe headers and the footer) and, when the tenant tracks them, opens and clicks.
import type { Db } from "../db/client";
import { storeTrackedLinks, trackedHtml } from "../engagement/tracking";
import {
  listUnsubscribeHeaders,
  unsubscribeToken,
  unsubscribeUrl,
  type UnsubscribeTarget,
} from "../engagement/unsubscribe";
import type { RenderedMessage } from "../providers/types";
import { trackingOf } from "../tenants/settings";
import { factsOf } from "./decide";
import type { DeliverySource } from "./source";

/**
 * What a delivery's link would turn off, or null when it has none: a critical message (a critical
 * workflow goes out whatever the user chose; a critical announcement is the operator's alarm) must
 * not offer an opt-out it cannot honour or should not offer.
 */
export function unsubscribeTargetOf(s: DeliverySource): UnsubscribeTarget | null {
  if (s.kind === "workflow") {
    return s.workflow.critical ? null : { workflow: s.workflow.key, category: s.workflow.category };
  }
  if (s.kind === "announcement" && s.announcement.severity === "critical") return null;
  return { type: factsOf(s).type };
}

// The footer is rendered once for every recipient of a content (renderEmailOnce) with this in place
// of the link, then each recipient's own link replaces it.
export const UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.herald.invalid/placeholder";

/** The footer's unsubscribe link to render for this delivery: the placeholder, or none (critical). */
export function footerUnsubscribeOf(s: DeliverySource): string | undefined {
  return unsubscribeTargetOf(s) ? UNSUBSCRIBE_PLACEHOLDER : undefined;
}

export async function withEngagement<M extends Omit<RenderedMessage, "to">>(
  db: Db,
  s: DeliverySource,
  message: M,
): Promise<M> {
  const out = { ...message };
  const target = unsubscribeTargetOf(s);
  let link: string | undefined;
  if (target) {
    const token = unsubscribeToken({ tenantId: s.tenantId, userId: s.recipient.id, target });
    link = unsubscribeUrl(token);
    out.headers = { ...out.headers, ...listUnsubscribeHeaders(token) };
  }
  if (link) {
    out.text = out.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, link);
    if (out.html) out.html = out.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, link);
  }
  const tracking = await trackingOf(db, s.tenantId);
  if (out.html && (tracking.opens || tracking.clicks)) {
    const delivery = { tenantId: s.tenantId, deliveryId: s.id };
    const tracked = trackedHtml(out.html, delivery, tracking, (href) => href === link);
    out.html = tracked.html;
    if (tracked.links.length > 0) await storeTrackedLinks(db, delivery, tracked.links);
  }
  return out;
}
