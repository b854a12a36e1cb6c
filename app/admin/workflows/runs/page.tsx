import type { Metadata } from "next";
import { RunExplorer } from "@/components/admin/workflows/run-explorer";
import { runFiltersFrom } from "@/components/admin/workflows/run-filters";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Workflow runs" };

export default async function WorkflowRunsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/workflows/runs");
  const initial = runFiltersFrom(await searchParams);
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">Workflow runs</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Every run of every workflow, newest first. Select one for its step timeline and deliveries.
        </p>
      </div>
      <RunExplorer initial={initial} />
    </main>
  );
}
