import type { Metadata } from "next";
import { ScheduleEditor } from "@/components/admin/schedules/schedule-editor";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "New schedule" };

export default async function NewSchedulePage() {
  await requireAdmin("/admin/schedules/new");
  return <ScheduleEditor />;
}
