import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ApiKeysPage } from "@/components/admin/api-keys/api-keys-page";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("apiKeys"))("title") };
}

export default async function AdminApiKeysPage() {
  await requireAdmin("/admin/api-keys");
  const t = await getTranslations("apiKeys");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {t.rich("intro", { code: (chunks) => <code>{chunks}</code> })}
        </p>
      </div>
      <ApiKeysPage />
    </main>
  );
}
