import type { Metadata } from "next";
import { Dashboard } from "@/components/admin/dashboard/dashboard";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Dashboard" };

export default async function AdminPage() {
  // Checked again here, not only in the layout: a page can be rendered without its layout.
  await requireAdmin();
  return <Dashboard />;
}
