// An announcement as an external-channel message: the facts preferences judge it by, its text and
// HTML, and whether it still stands when a queued delivery comes up.
import { toPlainText } from "@react-email/render";
import type { NotificationPriority, NotificationType } from "../db/schema";
import { env, listOf } from "../env";
import { renderMarkdown } from "./render";

/**
 * Announcements are system notices: a user's channel choices for the `system` type apply to them.
 * A critical one is urgent (it goes through do-not-disturb, never through an opt-out or a mute),
 * a warning jumps the queue.
 */
export function announcementDeliveryFacts(severity: string): {
  type: NotificationType;
  priority: NotificationPriority;
} {
  const priority = severity === "critical" ? "urgent" : severity === "warning" ? "high" : "normal";
  return { type: "system", priority };
}

export type AnnouncementMessage = { title: string; text: string; bodyHtml: string };

// A fan-out renders one content for thousands of recipients: the last few renderings are kept.
const RECENT = 32;
const recent = new Map<string, AnnouncementMessage>();

/**
 * The title as written; the Markdown rendered to sanitised HTML (the email body) and to plain text
 * (SMS, push, WeChat and the email's text part), links kept as `text [url]`.
 */
export function announcementMessage(a: { title: string; content: string }): AnnouncementMessage {
  const key = JSON.stringify([a.title, a.content]);
  const hit = recent.get(key);
  if (hit) return hit;
  const bodyHtml = renderMarkdown(a.content, { imageHosts: listOf(env().MARKDOWN_IMAGE_HOSTS) });
  const text = toPlainText(bodyHtml, { wordwrap: false }).trim();
  const message = { title: a.title, text, bodyHtml };
  recent.set(key, message);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return message;
}

/** Why a queued delivery of this announcement must not go out any more, or null if it may. */
export function announcementStopReason(
  a: { status: string; expiresAt: Date | null },
  now: Date,
): "archived" | "expired" | null {
  if (a.status === "archived") return "archived";
  if (a.expiresAt && a.expiresAt <= now) return "expired";
  return null;
}
