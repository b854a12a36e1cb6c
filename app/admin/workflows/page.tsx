import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WorkflowList } from "@/components/admin/workflows/workflow-list";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("workflows"))("title") };
}

export default async function WorkflowsPage() {
  await requireAdmin("/admin/workflows");
  return <WorkflowList />;
}
