import type { Metadata } from "next";
import { LogsPage } from "@/components/admin/logs/logs-page";
import { logsStateFrom } from "@/components/admin/logs/url-state";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Send logs" };

export default async function AdminLogsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/logs");
  const initial = logsStateFrom(await searchParams);
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">Send logs</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Every notification and every channel delivery, newest first. Select a row for its deliveries and
          timeline.
        </p>
      </div>
      <LogsPage initial={initial} />
    </main>
  );
}
