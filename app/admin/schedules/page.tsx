import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ScheduleList } from "@/components/admin/schedules/schedule-list";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules"))("title") };
}

export default async function SchedulesPage() {
  await requireAdmin("/admin/schedules");
  return <ScheduleList />;
}
