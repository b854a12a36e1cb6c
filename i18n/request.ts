// next-intl's per-request configuration (found by the plugin in next.config.ts): Herald has no
// locale in its URLs, so the language comes from the signed-in user (i18n/locale.ts has the order).
import { getRequestConfig } from "next-intl/server";
import { currentSession } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { findUserLocale } from "@/lib/users/store";
import { resolveLocale } from "@/lib/vocabulary/locale";
import { localeForRequest } from "./locale";
import { loadMessages } from "./messages";

async function sessionUserLocale(): Promise<string | null> {
  const user = (await currentSession())?.user;
  if (!user) return null;
  return findUserLocale(getDb(), user.tenantId, user.id);
}

export default getRequestConfig(async ({ locale: explicit }) => {
  // A page that knows its reader (the embed page: the token's user) passes the locale explicitly.
  const locale = explicit ? resolveLocale([explicit]) : await localeForRequest(await sessionUserLocale());
  return { locale, messages: await loadMessages(locale) };
});
