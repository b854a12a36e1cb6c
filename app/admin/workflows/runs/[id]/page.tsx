import type { Metadata } from "next";
import { RunPage } from "@/components/admin/workflows/run-page";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Workflow run" };

export default async function WorkflowRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/workflows/runs/${encodeURIComponent(id)}`);
  return <RunPage runId={id} />;
}
