import type { Metadata } from "next";
import { WorkflowList } from "@/components/admin/workflows/workflow-list";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Workflows" };

export default async function WorkflowsPage() {
  await requireAdmin("/admin/workflows");
  return <WorkflowList />;
}
