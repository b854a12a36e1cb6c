import type { Metadata } from "next";
import { TopicDetail } from "@/components/admin/topics/topic-detail";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Topic" };

export default async function TopicPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requireAdmin(`/admin/topics/${encodeURIComponent(key)}`);
  return <TopicDetail topicKey={decodeURIComponent(key)} />;
}
