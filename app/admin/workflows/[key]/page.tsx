import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WorkflowEditor } from "@/components/admin/workflows/workflow-editor";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workflows"))("editor.tabsLabel") };
}

export default async function WorkflowPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requireAdmin(`/admin/workflows/${encodeURIComponent(key)}`);
  return <WorkflowEditor workflowKey={decodeURIComponent(key)} />;
}
