import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import { EmbedApp, EmbedRefused } from "@/components/inbox/embed-app";
import { localeForRequest } from "@/i18n/locale";
import { loadMessages } from "@/i18n/messages";
import { resolveCaller } from "@/lib/auth/caller";
import { getDb } from "@/lib/db/client";
import { findUserLocale } from "@/lib/users/store";

export async function generateMetadata(): Promise<Metadata> {
  return {
    title: (await getTranslations("embed"))("title"),
    // The token is in this page's address: never send it on as a Referer.
    referrer: "no-referrer",
    robots: { index: false, follow: false },
  };
}

/** The user a subscriber token speaks for, or null (a bad, expired or revoked token, or an API key). */
async function subscriberOf(token: string): Promise<{ id: string; tenantId: string } | null> {
  try {
    const caller = await resolveCaller(getDb(), new Headers({ authorization: `Bearer ${token}` }));
    return caller?.kind === "token" ? { id: caller.user.id, tenantId: caller.tenantId } : null;
  } catch {
    return null;
  }
}

// Herald's bell and inbox for a host app that has only a subscriber token (README, "Inbox, bell and
// embedding"): meant for an iframe, mounted by public/herald-embed.js or by hand.
export default async function EmbedInboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const token = typeof params.token === "string" ? params.token : "";
  const view = params.view === "bell" ? "bell" : "inbox";
  const user = token ? await subscriberOf(token) : null;
  if (!user) {
    const t = await getTranslations("embed");
    const reason = token ? t("invalidToken") : t("missingToken");
    return (
      <main className="flex min-h-screen items-center justify-center p-4">
        <div
          role="alert"
          className="max-w-sm rounded-lg border border-red-200 bg-white p-4 text-sm dark:border-red-900 dark:bg-slate-900"
        >
          <p className="font-semibold text-red-700 dark:text-red-300">{t("refused")}</p>
          <p className="mt-1 text-slate-600 dark:text-slate-300">{reason}</p>
        </div>
        <EmbedRefused message={reason} />
      </main>
    );
  }
  // The iframe carries no Herald session (and often no first-party cookie): the token's user decides.
  const locale = await localeForRequest(await findUserLocale(getDb(), user.tenantId, user.id));
  return (
    <NextIntlClientProvider locale={locale} messages={await loadMessages(locale)}>
      <EmbedApp token={token} userKey={user.id} initialView={view} />
    </NextIntlClientProvider>
  );
}
