import type { Metadata } from "next";
import { EmailTracking } from "@/components/admin/integrations/email-tracking";
import { IntegrationsPage } from "@/components/admin/integrations/integrations-page";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Integrations" };

export default async function AdminIntegrationsPage() {
  await requireAdmin("/admin/integrations");
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">Integrations</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Provider accounts per channel. Secrets are encrypted at rest and never shown again.
        </p>
      </div>
      <IntegrationsPage />
      <EmailTracking />
    </main>
  );
}
