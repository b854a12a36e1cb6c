import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { SendPage } from "@/components/admin/send/send-page";
import { requireAdmin } from "@/lib/auth/guards";
import { MAX_RECIPIENTS } from "@/lib/notifications/schema";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("send"))("title") };
}

export default async function AdminSendPage() {
  // Checked here too, not only in the layout: a page can be rendered without its layout.
  await requireAdmin("/admin/send");
  const [t, format] = await Promise.all([getTranslations("send"), getFormatter()]);
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("heading")}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {t("description", { max: format.number(MAX_RECIPIENTS) })}
        </p>
      </div>
      <SendPage />
    </main>
  );
}
