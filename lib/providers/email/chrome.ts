// The words of an email's own chrome (footer, unsubscribe link, default button) in the recipient's
// language. The JSON is the catalogue's `email` namespace, read directly so the worker needs no
// next-intl request context and lib stays free of app/ and i18n/.
import en from "../../../messages/en/email.json";
import zhCN from "../../../messages/zh-CN/email.json";
import { resolveLocale, type AppLocale } from "../../vocabulary/locale";

export type EmailChrome = { locale: AppLocale } & typeof en;

const catalogue: Record<AppLocale, typeof en> = { en, "zh-CN": zhCN };

/** The chrome for a user's stored locale; an unknown or empty one reads English. */
export function emailChrome(locale: string | null | undefined): EmailChrome {
  const resolved = resolveLocale([locale]);
  return { locale: resolved, ...catalogue[resolved] };
}
