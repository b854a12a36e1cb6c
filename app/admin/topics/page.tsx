import type { Metadata } from "next";
import { TopicList } from "@/components/admin/topics/topic-list";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Topics" };

export default async function TopicsPage() {
  await requireAdmin("/admin/topics");
  return <TopicList />;
}
