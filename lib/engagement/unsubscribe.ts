// One-click unsubscribe (RFC 8058): every non-critical email names a signed link of its recipient
// that turns that kind of email off, and only that: the workflow it came from, else its notification
// type (the preferences have no per-template choice; a type is what a notification is judged by).
import { z } from "zod";
import { signToken, verifyToken } from "../crypto/signed-token";
import type { Db } from "../db/client";
import { appUrl, env } from "../env";
import { DomainError } from "../errors";
import { changePreferences, type PreferencesJson } from "../preferences/store";
import type { PreferencesUpdate } from "../preferences/schema";
import { notificationChannels, notificationTypes, type NotificationType } from "../vocabulary/enums";

/** What one link turns off for email: a workflow (its choice, or its category's, narrowed) or a type. */
export type UnsubscribeTarget = { workflow: string; category: string | null } | { type: NotificationType };

export type UnsubscribeClaim = { tenantId: string; userId: string; target: UnsubscribeTarget };

// Short keys: the token travels in every email's headers and footer.
const payloadSchema = z.union([
  z.strictObject({
    v: z.literal(1),
    t: z.uuid(),
    u: z.uuid(),
    c: z.literal("email"),
    w: z.string().min(1),
    g: z.string().nullable(),
  }),
  z.strictObject({
    v: z.literal(1),
    t: z.uuid(),
    u: z.uuid(),
    c: z.literal("email"),
    n: z.enum(notificationTypes),
  }),
]);

export function unsubscribeToken(claim: UnsubscribeClaim): string {
  const { tenantId: t, userId: u, target } = claim;
  const what = "workflow" in target ? { w: target.workflow, g: target.category } : { n: target.type };
  return signToken("unsubscribe", { v: 1, t, u, c: "email", ...what });
}

export function readUnsubscribeToken(token: string): UnsubscribeClaim | null {
  const parsed = payloadSchema.safeParse(verifyToken("unsubscribe", token));
  if (!parsed.success) return null;
  const p = parsed.data;
  const target: UnsubscribeTarget = "w" in p ? { workflow: p.w, category: p.g } : { type: p.n };
  return { tenantId: p.t, userId: p.u, target };
}

export const unsubscribeUrl = (token: string) => `${appUrl()}/u/${token}`;

/** The RFC 8058 headers for a link (and the operator's mailbox for unsubscribe mail, when set). */
export function listUnsubscribeHeaders(token: string): Record<string, string> {
  const mailbox = env().LIST_UNSUBSCRIBE_MAILTO;
  const links = [`<${unsubscribeUrl(token)}>`];
  if (mailbox) links.push(`<mailto:${mailbox}?subject=${encodeURIComponent(`unsubscribe ${token}`)}>`);
  return { "List-Unsubscribe": links.join(", "), "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}

/** A short description of what the link turns off, for its page. */
export function targetLabel(target: UnsubscribeTarget): string {
  return "workflow" in target ? `“${target.workflow}” emails` : `${target.type} notification emails`;
}

const withoutEmail = (channels: readonly string[] | undefined) =>
  (channels ?? notificationChannels).filter((c) => c !== "email") as (typeof notificationChannels)[number][];

/** The one field that turns email off for the target, or null when email is already off for it. */
export function unsubscribeChange(
  current: PreferencesJson,
  target: UnsubscribeTarget,
): PreferencesUpdate | null {
  if ("workflow" in target) {
    // The choice that applies now (the workflow's own, else its category's) narrowed to no email,
    // saved as the workflow's own: its other channels, digest and the category stay as they were.
    const applies = current.workflows[target.workflow] ??
      (target.category ? current.categories[target.category] : undefined) ?? { enabled: true };
    if (!applies.enabled || (applies.channels && !applies.channels.includes("email"))) return null;
    return {
      workflows: {
        ...current.workflows,
        [target.workflow]: { ...applies, channels: withoutEmail(applies.channels) },
      },
    };
  }
  if (current.disabled_channels.includes("email")) return null;
  const chosen = current.channels[target.type];
  if (chosen && !chosen.includes("email")) return null;
  return { channels: { ...current.channels, [target.type]: withoutEmail(chosen) } };
}

export class InvalidUnsubscribeLink extends DomainError {
  constructor() {
    super("not_found", "This unsubscribe link is not valid");
  }
}

/**
 * Turns the link's target off for email. Idempotent: a second time changes nothing (and writes
 * nothing). A link that does not verify, or whose user is gone, changes nothing and throws.
 */
export async function unsubscribe(
  db: Db,
  token: string,
): Promise<{ claim: UnsubscribeClaim; changed: boolean }> {
  const claim = readUnsubscribeToken(token);
  if (!claim) throw new InvalidUnsubscribeLink();
  const owner = { tenantId: claim.tenantId, userId: claim.userId };
  const what = "workflow" in claim.target ? { workflow: claim.target.workflow } : { type: claim.target.type };
  try {
    const { changed } = await changePreferences(
      db,
      owner,
      (current) => unsubscribeChange(current, claim.target),
      { type: "user", id: claim.userId },
      { action: "preferences.unsubscribed", data: { channel: "email", ...what } },
    );
    return { claim, changed };
  } catch (err) {
    if (err instanceof DomainError && err.code === "not_found") throw new InvalidUnsubscribeLink();
    throw err;
  }
}
