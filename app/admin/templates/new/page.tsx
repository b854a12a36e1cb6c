import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TemplateEditor } from "@/components/admin/templates/template-editor";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("templates"))("editor.newTitle") };
}

export default async function NewTemplatePage() {
  await requireAdmin("/admin/templates/new");
  return <TemplateEditor />;
}
