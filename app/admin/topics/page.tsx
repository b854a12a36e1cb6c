import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { TopicList } from "@/components/admin/topics/topic-list";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("topics"))("title") };
}

export default async function TopicsPage() {
  await requireAdmin("/admin/topics");
  return <TopicList />;
}
