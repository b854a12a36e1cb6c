import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AnnouncementEditor } from "@/components/admin/announcements/announcement-editor";
import { requireAdmin } from "@/lib/auth/guards";
import { env, listOf } from "@/lib/env";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("announcements"))("new") };
}

export default async function NewAnnouncementPage() {
  await requireAdmin("/admin/announcements/new");
  const t = await getTranslations("announcements");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <h1 className="text-2xl font-semibold">{t("new")}</h1>
      <AnnouncementEditor imageHosts={listOf(env().MARKDOWN_IMAGE_HOSTS)} />
    </main>
  );
}
