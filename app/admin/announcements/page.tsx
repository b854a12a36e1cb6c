import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AnnouncementList } from "@/components/admin/announcements/announcement-list";
import { ListHeader } from "@/components/admin/shared/page-parts";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("announcements"))("title") };
}

export default async function AnnouncementsPage() {
  // Checked here too, not only in the layout: a page can be rendered without its layout.
  await requireAdmin("/admin/announcements");
  const t = await getTranslations("announcements");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <ListHeader
        title={t("title")}
        description={t("description")}
        newHref="/admin/announcements/new"
        newLabel={t("new")}
      />
      <AnnouncementList />
    </main>
  );
}
