import type { Metadata } from "next";
import { AuditPage } from "@/components/admin/audit/audit-page";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Audit log" };

export default async function AdminAuditPage() {
  await requireAdmin("/admin/audit");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">Audit log</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Who changed what and when: templates, sends, announcements, API keys, integrations and users.
        </p>
      </div>
      <AuditPage />
    </main>
  );
}
