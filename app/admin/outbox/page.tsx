import type { Metadata } from "next";
import { OutboxPage } from "@/components/admin/outbox/outbox-page";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Dev outbox" };

export default async function AdminOutboxPage() {
  await requireAdmin("/admin/outbox");
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">Dev outbox</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Emails, SMS, push and WeChat messages sent on channels with no provider configured, newest first.
        </p>
      </div>
      <OutboxPage />
    </main>
  );
}
