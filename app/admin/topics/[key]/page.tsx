import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TopicDetail } from "@/components/admin/topics/topic-detail";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("topics"))("one") };
}

export default async function TopicPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  await requireAdmin(`/admin/topics/${encodeURIComponent(key)}`);
  return <TopicDetail topicKey={decodeURIComponent(key)} />;
}
