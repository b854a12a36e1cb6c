// The one order a request's language is chosen in: the user's stored locale (the session's, or the
// embed token's), then the switcher's cookie, then Accept-Language, then English.
import { cookies, headers } from "next/headers";
import { acceptedLanguages, localeCookie, resolveLocale, type AppLocale } from "@/lib/vocabulary/locale";

export async function localeForRequest(userLocale: string | null | undefined): Promise<AppLocale> {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  return resolveLocale([
    userLocale,
    cookieStore.get(localeCookie)?.value,
    ...acceptedLanguages(headerStore.get("accept-language")),
  ]);
}
