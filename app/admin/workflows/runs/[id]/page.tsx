import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RunPage } from "@/components/admin/workflows/run-page";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workflows"))("explorer.runTitle") };
}

export default async function WorkflowRunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/workflows/runs/${encodeURIComponent(id)}`);
  return <RunPage runId={id} />;
}
