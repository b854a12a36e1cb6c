import Link from "next/link";
import { getTranslations } from "next-intl/server";

export default async function HomePage() {
  const t = await getTranslations("pages.home");
  return (
    <main className="mx-auto flex min-h-screen max-w-3xl flex-col justify-center gap-6 px-6">
      <h1 className="text-5xl font-bold tracking-tight">Herald</h1>
      <p className="text-lg text-slate-600">{t("tagline")}</p>
      <div className="flex gap-3">
        <Link
          href="/login"
          className="rounded-md bg-brand px-4 py-2 font-medium text-white hover:bg-brand-dark"
        >
          {t("signIn")}
        </Link>
        <a href="/health" className="rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-white">
          {t("status")}
        </a>
      </div>
    </main>
  );
}
