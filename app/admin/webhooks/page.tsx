import type { Metadata } from "next";
import { WebhooksPage } from "@/components/admin/webhooks/webhooks-page";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Webhooks" };

export default async function AdminWebhooksPage() {
  await requireAdmin("/admin/webhooks");
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">Webhooks</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Endpoints Herald calls when notifications, deliveries, workflow runs and announcements change,
          signed per Standard Webhooks. Each endpoint&apos;s page shows its recent attempts.
        </p>
      </div>
      <WebhooksPage />
    </main>
  );
}
