import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PreferencesForm } from "@/components/inbox/preferences-form";
import { requireUser } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

export default async function NotificationSettingsPage() {
  await requireUser("/settings/notifications");
  const t = await getTranslations("settings");
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-6 sm:px-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <PreferencesForm />
    </main>
  );
}
