import type { Metadata } from "next";
import Link from "next/link";
import { AnnouncementList } from "@/components/admin/announcements/announcement-list";
import { focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Announcements" };

export default async function AnnouncementsPage() {
  // Checked here too, not only in the layout: a page can be rendered without its layout.
  await requireAdmin("/admin/announcements");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Announcements</h1>
          <p className="text-sm text-slate-600 dark:text-slate-300">
            Notices for everyone, a role or named users, shown in their inbox until archived or expired.
          </p>
        </div>
        <Link
          href="/admin/announcements/new"
          className={cn(
            "rounded-md bg-brand px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-dark",
            focusRing,
          )}
        >
          New announcement
        </Link>
      </div>
      <AnnouncementList />
    </main>
  );
}
