import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ScheduleEditor } from "@/components/admin/schedules/schedule-editor";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("schedules"))("new") };
}

export default async function NewSchedulePage() {
  await requireAdmin("/admin/schedules/new");
  return <ScheduleEditor />;
}
