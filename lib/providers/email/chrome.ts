// The words of an email's own chrome (footer, unsubscribe link, default button) and of the pages its
// links open, in the recipient's language. The JSON is the catalogue's `email` namespace, read
// directly so the worker needs no next-intl request context and lib stays free of app/ and i18n/.
import { createTranslator } from "next-intl";
import en from "../../../messages/en/email.json";
import zhCN from "../../../messages/zh-CN/email.json";
import { resolveLocale, type AppLocale } from "../../vocabulary/locale";

export type EmailChrome = {
  locale: AppLocale;
  sentBy: string;
  unsubscribe: string;
  viewInInbox: string;
  open: string;
};

const catalogue: Record<AppLocale, typeof en> = { en, "zh-CN": zhCN };

/** The chrome for a user's stored locale; an unknown or empty one reads English. */
export function emailChrome(locale: string | null | undefined): EmailChrome {
  const resolved = resolveLocale([locale]);
  const { sentBy, unsubscribe, viewInInbox, open } = catalogue[resolved];
  return { locale: resolved, sentBy, unsubscribe, viewInInbox, open };
}

/** The first of `candidates` Herald speaks (a user's locale, then the browser's), with its messages. */
export function emailTranslator(candidates: Iterable<string | null | undefined>) {
  const locale = resolveLocale(candidates);
  const t = createTranslator({ locale, messages: { email: catalogue[locale] }, namespace: "email" });
  return { locale, t };
}
