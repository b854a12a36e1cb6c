// The public links of emails, served without a session: /u/<token> (unsubscribe: GET shows the page,
// POST is RFC 8058's one-click from mail clients and the page's button), /t/c/<token> (a tracked
// click) and /t/o/<token>.gif (the open pixel). Answers are plain HTML, a redirect or an image.
import type { Hono } from "hono";
import { getDb } from "../db/client";
import { DomainError } from "../errors";
import { escapeHtml } from "../vocabulary/html";
import { followClick, recordOpen } from "./tracking";
import { emailTranslator } from "../providers/email/chrome";
import { findUserLocale } from "../users/store";
import { acceptedLanguages } from "../vocabulary/locale";
import {
  readUnsubscribeToken,
  unsubscribe,
  type UnsubscribeClaim,
  type UnsubscribeTarget,
} from "./unsubscribe";

/** The paths these routes answer: the custom server sends them to the API app. */
export const isEngagementPath = (pathname: string) =>
  pathname.startsWith("/u/") || pathname.startsWith("/t/c/") || pathname.startsWith("/t/o/");

const PREFERENCES_PAGE = "/settings/notifications";
// A one-click body is `List-Unsubscribe=One-Click`; anything much longer is not one.
const MAX_FORM_BYTES = 4096;

const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  // The token is in the address: never sent on as a Referer, never indexed.
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

type Page = ReturnType<typeof emailTranslator>;

function page({ locale }: Page, status: number, title: string, body: string): Response {
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{margin:0;background:#f4f4f5;font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#18181b}
main{max-width:28rem;margin:10vh auto;padding:2rem;background:#fff;border-radius:8px}
h1{font-size:1.25rem;margin:0 0 .75rem}p{margin:0 0 1rem;color:#3f3f46}form{margin:0 0 1.25rem}
button{background:#18181b;color:#fff;border:0;border-radius:6px;padding:.6rem 1.1rem;font:inherit;font-weight:600;cursor:pointer}
a{color:#4f46e5}
</style></head>
<body><main>${body}</main></body></html>`;
  return new Response(html, { status, headers: PAGE_HEADERS });
}

/** The page's language: the token's user's stored locale, else the browser's, else English. */
async function languageOf(req: Request, claim: UnsubscribeClaim | null): Promise<Page> {
  const stored = claim ? await findUserLocale(getDb(), claim.tenantId, claim.userId) : null;
  return emailTranslator([stored, ...acceptedLanguages(req.headers.get("accept-language"))]);
}

const invalidLink = (p: Page, status = 404) =>
  page(
    p,
    status,
    p.t("page.invalidTitle"),
    `<h1>${escapeHtml(p.t("page.invalidHeading"))}</h1><p>${escapeHtml(p.t("page.invalidText"))}</p>`,
  );

const preferencesLink = (p: Page) =>
  `<p><a href="${PREFERENCES_PAGE}">${escapeHtml(p.t("page.preferences"))}</a></p>`;

/** What the link unsubscribes from, in the page's language. */
const targetText = (p: Page, target: UnsubscribeTarget) =>
  "workflow" in target
    ? p.t("page.workflowEmails", { workflow: target.workflow })
    : p.t("page.typeEmails", { type: target.type });

function confirmPage(p: Page, token: string, target: UnsubscribeTarget): Response {
  const what = targetText(p, target);
  return page(
    p,
    200,
    p.t("page.confirmTitle"),
    `<h1>${escapeHtml(p.t("page.confirmHeading", { what }))}</h1>
<p>${escapeHtml(p.t("page.confirmText", { what }))}</p>
<form method="post" action="/u/${escapeHtml(token)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(p.t("page.confirmButton"))}</button></form>
${preferencesLink(p)}`,
  );
}

function donePage(p: Page, target: UnsubscribeTarget): Response {
  const what = targetText(p, target);
  return page(
    p,
    200,
    p.t("page.doneTitle"),
    `<h1>${escapeHtml(p.t("page.doneHeading"))}</h1><p>${escapeHtml(p.t("page.doneText", { what }))}</p>${preferencesLink(p)}`,
  );
}

/** The request's form body, up to MAX_FORM_BYTES; null when longer or not a form. */
async function formOf(req: Request): Promise<URLSearchParams | FormData | null> {
  if (!req.body) return new URLSearchParams();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = req.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_FORM_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const raw = Buffer.concat(chunks);
  const type = req.headers.get("content-type") ?? "";
  if (type.startsWith("multipart/form-data")) {
    return new Response(raw, { headers: { "content-type": type } }).formData().catch(() => null);
  }
  return new URLSearchParams(raw.toString("utf8"));
}

// The smallest transparent GIF: 1×1, one transparent colour.
const PIXEL = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64");

export function mountEngagementRoutes(app: Hono): void {
  app.get("/u/:token", async (c) => {
    const token = c.req.param("token");
    const claim = readUnsubscribeToken(token);
    const p = await languageOf(c.req.raw, claim);
    // A GET never changes anything: link scanners and previews follow links.
    return claim ? confirmPage(p, token, claim.target) : invalidLink(p);
  });

  app.post("/u/:token", async (c) => {
    const token = c.req.param("token");
    const p = await languageOf(c.req.raw, readUnsubscribeToken(token));
    const form = await formOf(c.req.raw);
    if (form?.get("List-Unsubscribe") !== "One-Click") {
      const heading = escapeHtml(p.t("page.badTitle"));
      return page(
        p,
        400,
        p.t("page.badTitle"),
        `<h1>${heading}</h1><p>${escapeHtml(p.t("page.badText"))}</p>`,
      );
    }
    try {
      const { claim } = await unsubscribe(getDb(), token);
      return donePage(p, claim.target);
    } catch (err) {
      if (err instanceof DomainError && err.code === "not_found") return invalidLink(p);
      throw err;
    }
  });

  app.get("/t/c/:token", async (c) => {
    const url = await followClick(getDb(), c.req.param("token"));
    if (!url) return invalidLink(await languageOf(c.req.raw, null));
    return new Response(null, {
      status: 302,
      headers: { Location: url, "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" },
    });
  });

  app.get("/t/o/:file", async (c) => {
    const file = c.req.param("file");
    const ok = file.endsWith(".gif") && (await recordOpen(getDb(), file.slice(0, -4)));
    if (!ok) return new Response("Not found", { status: 404, headers: { "Cache-Control": "no-store" } });
    return new Response(PIXEL, {
      headers: { "Content-Type": "image/gif", "Cache-Control": "no-store, private" },
    });
  });
}
