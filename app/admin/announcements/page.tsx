import type { Metadata } from "next";
import { AnnouncementList } from "@/components/admin/announcements/announcement-list";
import { ListHeader } from "@/components/admin/shared/page-parts";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Announcements" };

export default async function AnnouncementsPage() {
  // Checked here too, not only in the layout: a page can be rendered without its layout.
  await requireAdmin("/admin/announcements");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <ListHeader
        title="Announcements"
        description="Notices for everyone, a role or named users, shown in their inbox until archived or expired."
        newHref="/admin/announcements/new"
        newLabel="New announcement"
      />
      <AnnouncementList />
    </main>
  );
}
