import type { Metadata } from "next";
import { PreferencesForm } from "@/components/inbox/preferences-form";
import { requireUser } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Notification settings" };

export default async function NotificationSettingsPage() {
  await requireUser("/settings/notifications");
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-6 px-4 py-6 sm:px-6">
      <h1 className="text-2xl font-semibold">Notification settings</h1>
      <PreferencesForm />
    </main>
  );
}
