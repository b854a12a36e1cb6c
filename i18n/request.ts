// next-intl's per-request configuration (found by the plugin in next.config.ts): Herald has no
// locale in its URLs, so the language comes from the signed-in user's `locale`, else the switcher's
// cookie, else Accept-Language, else English.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { currentSession } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { findUserLocale } from "@/lib/users/store";
import { acceptedLanguages, localeCookie, resolveLocale } from "@/lib/vocabulary/locale";
import { loadMessages } from "./messages";

async function sessionUserLocale(): Promise<string | null> {
  const user = (await currentSession())?.user;
  if (!user) return null;
  return findUserLocale(getDb(), user.tenantId, user.id);
}

export default getRequestConfig(async ({ locale: explicit }) => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const locale = resolveLocale([
    explicit,
    await sessionUserLocale(),
    cookieStore.get(localeCookie)?.value,
    ...acceptedLanguages(headerStore.get("accept-language")),
  ]);
  return { locale, messages: await loadMessages(locale) };
});
