import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WorkflowEditor } from "@/components/admin/workflows/workflow-editor";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workflows"))("list.new") };
}

export default async function NewWorkflowPage() {
  await requireAdmin("/admin/workflows/new");
  return <WorkflowEditor />;
}
