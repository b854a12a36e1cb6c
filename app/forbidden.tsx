import Link from "next/link";
import { getTranslations } from "next-intl/server";

// The 403 page rendered by forbidden(); today only the console raises it.
export default async function Forbidden() {
  const t = await getTranslations("pages.forbidden");
  return (
    <main className="mx-auto flex min-h-screen max-w-xl flex-col justify-center gap-4 px-6">
      <p className="text-sm font-semibold text-brand">403</p>
      <h1 className="text-3xl font-semibold">{t("title")}</h1>
      <p className="text-slate-600">{t("text")}</p>
      <Link href="/inbox" className="font-medium text-brand hover:text-brand-dark">
        {t("inbox")}
      </Link>
    </main>
  );
}
