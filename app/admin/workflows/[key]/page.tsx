import type { Metadata } from "next";
import { WorkflowEditor } from "@/components/admin/workflows/workflow-editor";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Workflow" };

export default async function WorkflowPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requireAdmin(`/admin/workflows/${encodeURIComponent(key)}`);
  return <WorkflowEditor workflowKey={decodeURIComponent(key)} />;
}
