"use server";
// The language switcher's action: a cookie for this browser and, signed in, the user's own locale.
import { cookies } from "next/headers";
import { currentSession } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { setUserLocale } from "@/lib/users/store";
import { isAppLocale, localeCookie, localeCookieMaxAge } from "@/lib/vocabulary/locale";

export async function switchLocale(locale: string): Promise<void> {
  // Not a language Herald ships: nothing changes (the page stays in its language).
  if (!isAppLocale(locale)) return;
  (await cookies()).set(localeCookie, locale, { path: "/", maxAge: localeCookieMaxAge, sameSite: "lax" });
  const user = (await currentSession())?.user;
  // The stored locale outranks the cookie, so a signed-in choice must land there to take effect.
  if (user) await setUserLocale(getDb(), user.tenantId, user.id, locale);
}
