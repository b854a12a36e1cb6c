import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LogsPage } from "@/components/admin/logs/logs-page";
import { logsStateFrom } from "@/components/admin/logs/url-state";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("logs"))("title") };
}

export default async function AdminLogsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/logs");
  const initial = logsStateFrom(await searchParams);
  const t = await getTranslations("logs");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t("description")}</p>
      </div>
      <LogsPage initial={initial} />
    </main>
  );
}
