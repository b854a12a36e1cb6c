import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RunExplorer } from "@/components/admin/workflows/run-explorer";
import { runFiltersFrom } from "@/components/admin/workflows/run-filters";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workflows"))("explorer.title") };
}

export default async function WorkflowRunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/workflows/runs");
  const initial = runFiltersFrom(await searchParams);
  const t = await getTranslations("workflows.explorer");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t("intro")}</p>
      </div>
      <RunExplorer initial={initial} />
    </main>
  );
}
