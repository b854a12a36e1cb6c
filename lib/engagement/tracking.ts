// Open and click tracking of emails (a tenant setting, off by default): links become signed
// redirects /t/c/<token> that name the delivery and the link's index in the delivery's stored list,
// so a token can only ever lead where its message did; a 1×1 pixel /t/o/<token>.gif records opens.
import { Element, type ChildNode } from "domhandler";
import render from "dom-serializer";
import { and, eq, isNull } from "drizzle-orm";
import { parseDocument } from "htmlparser2";
import { z } from "zod";
import { clock } from "../clock";
import { signToken, verifyToken } from "../crypto/signed-token";
import type { Db, Executor } from "../db/client";
import { deliveries } from "../db/schema";
import { appUrl } from "../env";
import { bus } from "../events";
import type { TrackingSettings } from "../tenants/settings";

/** Past this many distinct links the rest are left as they are (their clicks go uncounted). */
export const MAX_TRACKED_LINKS = 100;

const tokenSchema = z.union([
  z.strictObject({
    v: z.literal(1),
    k: z.literal("c"),
    t: z.uuid(),
    d: z.uuid(),
    i: z.number().int().min(0),
  }),
  z.strictObject({ v: z.literal(1), k: z.literal("o"), t: z.uuid(), d: z.uuid() }),
]);

type Delivery = { tenantId: string; deliveryId: string };

export const clickUrl = (d: Delivery, index: number) =>
  `${appUrl()}/t/c/${signToken("track", { v: 1, k: "c", t: d.tenantId, d: d.deliveryId, i: index })}`;
export const pixelUrl = (d: Delivery) =>
  `${appUrl()}/t/o/${signToken("track", { v: 1, k: "o", t: d.tenantId, d: d.deliveryId })}.gif`;

const isWebLink = (href: string) => /^https?:\/\//i.test(href.trim());

function* elements(nodes: ChildNode[]): Generator<Element> {
  for (const node of nodes) {
    if (node instanceof Element) {
      yield node;
      yield* elements(node.children);
    }
  }
}

/**
 * The email's HTML with its web links through /t/c (clicks on) and a pixel at the end of its body
 * (opens on), and the links in index order. `keep` names links left alone (the unsubscribe link:
 * following it is no engagement). Parsed and written back by htmlparser2, never by pattern.
 */
export function trackedHtml(
  html: string,
  delivery: Delivery,
  tracking: TrackingSettings,
  keep: (href: string) => boolean = () => false,
): { html: string; links: string[] } {
  const doc = parseDocument(html);
  const links: string[] = [];
  if (tracking.clicks) {
    for (const el of elements(doc.children)) {
      const href = el.name === "a" ? el.attribs.href?.trim() : undefined;
      if (!href || !isWebLink(href) || keep(href)) continue;
      let index = links.indexOf(href);
      if (index === -1) {
        if (links.length >= MAX_TRACKED_LINKS) continue;
        index = links.push(href) - 1;
      }
      el.attribs.href = clickUrl(delivery, index);
    }
  }
  if (tracking.opens) {
    const body = [...elements(doc.children)].find((el) => el.name === "body");
    const pixel = new Element("img", {
      src: pixelUrl(delivery),
      width: "1",
      height: "1",
      alt: "",
      style: "display:block;width:1px;height:1px;border:0",
    });
    const parent = body ?? doc;
    pixel.parent = parent;
    parent.children.push(pixel);
  }
  // Entities decoded when parsed are written back as UTF-8, escaping only what HTML needs.
  return { html: render(doc, { encodeEntities: "utf8", emptyAttrs: true }), links };
}

/** Remembers the links a tracked email contained, before it goes out (its /t/c tokens read them). */
export async function storeTrackedLinks(db: Executor, delivery: Delivery, links: string[]): Promise<void> {
  await db
    .update(deliveries)
    .set({ trackedLinks: links })
    .where(and(eq(deliveries.id, delivery.deliveryId), eq(deliveries.tenantId, delivery.tenantId)));
}

function readToken(token: string) {
  const parsed = tokenSchema.safeParse(verifyToken("track", token));
  return parsed.success ? parsed.data : null;
}

/** The link a click token leads to (its first use records the click), or null: not ours, or no such link. */
export async function followClick(db: Db, token: string): Promise<string | null> {
  const c = readToken(token);
  if (!c || c.k !== "c") return null;
  const where = and(eq(deliveries.id, c.d), eq(deliveries.tenantId, c.t));
  const [row] = await db.select({ links: deliveries.trackedLinks }).from(deliveries).where(where).limit(1);
  const url = row?.links?.[c.i];
  if (typeof url !== "string" || !isWebLink(url)) return null;
  const [first] = await db
    .update(deliveries)
    .set({ clickedAt: clock().now() })
    .where(and(where, isNull(deliveries.clickedAt)))
    .returning({ id: deliveries.id });
  if (first) bus().publish("delivery.engaged", { tenantId: c.t, deliveryId: c.d, kind: "clicked", url });
  return url;
}

/** Records an open for a pixel token; false when the token is not ours or its delivery is gone. */
export async function recordOpen(db: Db, token: string): Promise<boolean> {
  const o = readToken(token);
  if (!o || o.k !== "o") return false;
  const where = and(eq(deliveries.id, o.d), eq(deliveries.tenantId, o.t));
  const [first] = await db
    .update(deliveries)
    .set({ openedAt: clock().now() })
    .where(and(where, isNull(deliveries.openedAt)))
    .returning({ id: deliveries.id });
  if (first) {
    bus().publish("delivery.engaged", { tenantId: o.t, deliveryId: o.d, kind: "opened" });
    return true;
  }
  const [row] = await db.select({ id: deliveries.id }).from(deliveries).where(where).limit(1);
  return row !== undefined;
}
