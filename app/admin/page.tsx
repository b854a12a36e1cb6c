import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Dashboard } from "@/components/admin/dashboard/dashboard";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dashboard"))("title") };
}

export default async function AdminPage() {
  // Checked again here, not only in the layout: a page can be rendered without its layout.
  await requireAdmin();
  return <Dashboard />;
}
