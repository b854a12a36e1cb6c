import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { switchLocale } from "@/app/(inbox)/actions";
import { AdminNav } from "@/components/admin/admin-nav";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { HeaderBell } from "@/components/inbox/header-bell";
import { LanguageSwitcher } from "@/components/inbox/language-switcher";
import { requireAdmin } from "@/lib/auth/guards";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireAdmin();
  const t = await getTranslations("console");
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl items-center justify-between gap-4 px-4 py-3 sm:px-6">
          <Link href="/admin" className="font-semibold">
            Herald <span className="font-normal text-slate-500 dark:text-slate-400">{t("title")}</span>
          </Link>
          <div className="flex items-center gap-3 text-sm whitespace-nowrap">
            {/* header-actions: the bell goes here */}
            {/* Sized to its options: a Chinese label may wrap after any character, so nothing here shrinks. */}
            <div className="w-28 shrink-0">
              <LanguageSwitcher onSwitch={switchLocale} />
            </div>
            <HeaderBell userKey={user.id} />
            <Link href="/inbox" className="text-slate-600 hover:underline dark:text-slate-300">
              {t("nav.inbox")}
            </Link>
            <span className="hidden text-slate-600 sm:inline dark:text-slate-300">{user.email}</span>
            <SignOutButton />
          </div>
        </div>
        <AdminNav />
      </header>
      {children}
    </div>
  );
}
