import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { AnnouncementBanner } from "@/components/inbox/announcements";
import { NotificationBell } from "@/components/inbox/bell";
import { InboxRoot } from "@/components/inbox/inbox-root";
import { LanguageSwitcher } from "@/components/inbox/language-switcher";
import { currentSession } from "@/lib/auth/guards";
import { switchLocale } from "./actions";

const navLink =
  "rounded px-2 py-1 text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white";

// The signed-in user's pages: a header with the bell, the announcement banner, then the page.
// Each page checks the session itself (and redirects back to itself); without one, this adds nothing.
export default async function UserLayout({ children }: { children: React.ReactNode }) {
  const session = await currentSession();
  const user = session?.user;
  if (!user) return children;
  const t = await getTranslations("common");
  return (
    <InboxRoot userKey={user.id}>
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-5xl items-center gap-2 px-4 py-2.5 sm:gap-4 sm:px-6">
          <Link href="/inbox" className="font-semibold">
            Herald
          </Link>
          <nav aria-label={t("nav.main")} className="flex items-center gap-1 text-sm">
            <Link href="/inbox" className={navLink}>
              {t("nav.inbox")}
            </Link>
            <Link href="/settings/notifications" className={navLink}>
              {t("nav.settings")}
            </Link>
            {user.role === "admin" ? (
              <Link href="/admin" className={`${navLink} max-sm:hidden`}>
                {t("nav.console")}
              </Link>
            ) : null}
          </nav>
          <div className="ml-auto flex items-center gap-2 text-sm sm:gap-3">
            <LanguageSwitcher onSwitch={switchLocale} />
            <NotificationBell />
            <span className="hidden text-slate-600 md:inline dark:text-slate-300">{user.email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <AnnouncementBanner />
      {children}
    </InboxRoot>
  );
}
