import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TemplateList } from "@/components/admin/templates/template-list";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templates"))("list.title") };
}

export default async function TemplatesPage() {
  await requireAdmin("/admin/templates");
  return <TemplateList />;
}
