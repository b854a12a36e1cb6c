// Renders a notification as an email: HTML through React Email (user content escaped) and plain text.
import { render } from "@react-email/render";
import { createElement } from "react";
import { appUrl } from "../../env";
import { safeLink } from "../../vocabulary/links";
import { emailChrome } from "./chrome";
import { NotificationEmail } from "./notification-email";

export type EmailContent = {
  title: string;
  /** Plain text from the user or a template; never interpreted as HTML. */
  text: string;
  /** HTML already sanitised by the caller (an announcement's Markdown); shown instead of `text`'s paragraphs. */
  bodyHtml?: string;
  actionUrl?: string;
  actionText?: string;
  /** Base for a relative actionUrl (default: APP_URL). */
  baseUrl?: string;
  /** The recipient's one-click unsubscribe link, shown in the footer (none for a critical message). */
  unsubscribeUrl?: string;
  /** Where the same notification waits in the recipient's Herald inbox (it also went in-app). */
  inboxUrl?: string;
  /** The recipient's stored locale: the footer and default button speak it (English when unknown). */
  locale?: string | null;
};

export type RenderedEmail = { html: string; text: string };

const PREVIEW_LENGTH = 140;

/** Blank lines separate paragraphs; single newlines stay line breaks inside one. */
function paragraphsOf(text: string): string[][] {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter((p) => p !== "")
    .map((p) => p.split("\n"));
}

export async function renderEmail(content: EmailContent): Promise<RenderedEmail> {
  const chrome = emailChrome(content.locale);
  const paragraphs = paragraphsOf(content.text);
  // Always absolute: a relative link leads nowhere from a mail client.
  const url = safeLink(content.actionUrl, content.baseUrl ?? appUrl())?.url;
  const action = url ? { url, text: content.actionText?.trim() || chrome.open } : undefined;
  const flat = paragraphs.map((lines) => lines.join(" ")).join(" ");
  const preview = flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH - 1)}…` : flat;

  const html = await render(
    createElement(NotificationEmail, {
      title: content.title,
      paragraphs,
      bodyHtml: content.bodyHtml,
      preview,
      action,
      unsubscribeUrl: content.unsubscribeUrl,
      inboxUrl: content.inboxUrl,
      chrome,
    }),
  );

  // Written by hand rather than derived from the HTML so the text part reads like a plain email.
  const parts = [content.title, ...paragraphs.map((lines) => lines.join("\n"))];
  if (action) parts.push(`${action.text}: ${action.url}`);
  const footer = [`-- \n${chrome.sentBy}`];
  if (content.inboxUrl) footer.push(`${chrome.viewInInbox}: ${content.inboxUrl}`);
  if (content.unsubscribeUrl) footer.push(`${chrome.unsubscribe}: ${content.unsubscribeUrl}`);
  parts.push(footer.join("\n"));
  return { html, text: parts.join("\n\n") + "\n" };
}

// A fan-out sends one content to thousands of recipients: each rendering is kept for the next ones
// (a few hundred, newest kept), since React rendering costs more than the rest of a delivery.
const RECENT_RENDERINGS = 256;
const recent = new Map<string, Promise<RenderedEmail>>();

/** renderEmail, reusing the rendering of the same content when it was asked for recently. */
export function renderEmailOnce(content: EmailContent): Promise<RenderedEmail> {
  const key = JSON.stringify([
    content.title,
    content.text,
    content.bodyHtml,
    content.actionUrl,
    content.actionText,
    content.baseUrl ?? appUrl(),
    content.unsubscribeUrl,
    content.inboxUrl,
    emailChrome(content.locale).locale,
  ]);
  const hit = recent.get(key);
  if (hit) {
    // Map order is insertion order: moving the hit to the end keeps the busiest contents.
    recent.delete(key);
    recent.set(key, hit);
    return hit;
  }
  const rendering = renderEmail(content);
  recent.set(key, rendering);
  rendering.catch(() => recent.delete(key));
  if (recent.size > RECENT_RENDERINGS) recent.delete(recent.keys().next().value!);
  return rendering;
}

/** The message's own HTML and text when the pipeline rendered them, otherwise a fresh rendering. */
export async function emailBodyOf(message: {
  title: string;
  text: string;
  html?: string;
  actionUrl?: string;
  actionText?: string;
}): Promise<RenderedEmail> {
  if (message.html) return { html: message.html, text: message.text };
  return renderEmail(message);
}
