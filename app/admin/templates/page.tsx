import type { Metadata } from "next";
import { TemplateList } from "@/components/admin/templates/template-list";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage() {
  await requireAdmin("/admin/templates");
  return <TemplateList />;
}
