import type { Metadata } from "next";
import { WorkflowEditor } from "@/components/admin/workflows/workflow-editor";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "New workflow" };

export default async function NewWorkflowPage() {
  await requireAdmin("/admin/workflows/new");
  return <WorkflowEditor />;
}
