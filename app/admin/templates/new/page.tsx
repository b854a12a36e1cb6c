import type { Metadata } from "next";
import { TemplateEditor } from "@/components/admin/templates/template-editor";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "New template" };

export default async function NewTemplatePage() {
  await requireAdmin("/admin/templates/new");
  return <TemplateEditor />;
}
