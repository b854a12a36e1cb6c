import type { Metadata } from "next";
import { TemplateEditor } from "@/components/admin/templates/template-editor";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Template" };

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/templates/${encodeURIComponent(id)}`);
  return <TemplateEditor id={id} />;
}
