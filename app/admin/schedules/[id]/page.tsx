import type { Metadata } from "next";
import { ScheduleEditor } from "@/components/admin/schedules/schedule-editor";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Schedule" };

export default async function SchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/schedules/${encodeURIComponent(id)}`);
  return <ScheduleEditor id={id} />;
}
