import type { Metadata } from "next";
import { ScheduleList } from "@/components/admin/schedules/schedule-list";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  await requireAdmin("/admin/schedules");
  return <ScheduleList />;
}
