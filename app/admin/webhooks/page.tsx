import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WebhooksPage } from "@/components/admin/webhooks/webhooks-page";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks"))("title") };
}

export default async function AdminWebhooksPage() {
  await requireAdmin("/admin/webhooks");
  const t = await getTranslations("webhooks");
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t("intro")}</p>
      </div>
      <WebhooksPage />
    </main>
  );
}
