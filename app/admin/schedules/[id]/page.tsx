import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ScheduleEditor } from "@/components/admin/schedules/schedule-editor";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules"))("one") };
}

export default async function SchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/schedules/${encodeURIComponent(id)}`);
  return <ScheduleEditor id={id} />;
}
