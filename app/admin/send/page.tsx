import type { Metadata } from "next";
import { SendPage } from "@/components/admin/send/send-page";
import { requireAdmin } from "@/lib/auth/guards";
import { MAX_RECIPIENTS } from "@/lib/notifications/schema";

export const metadata: Metadata = { title: "Send" };

export default async function AdminSendPage() {
  // Checked here too, not only in the layout: a page can be rendered without its layout.
  await requireAdmin("/admin/send");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">Send a notification</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Up to {MAX_RECIPIENTS.toLocaleString("en")} recipients per request; bigger sends go out in parts,
          each written once.
        </p>
      </div>
      <SendPage />
    </main>
  );
}
