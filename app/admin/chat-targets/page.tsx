import type { Metadata } from "next";
import { ChatTargetsPage } from "@/components/admin/chat-targets/chat-targets-page";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Chat targets" };

export default async function AdminChatTargetsPage() {
  await requireAdmin("/admin/chat-targets");
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">Chat targets</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Named Slack, Teams, DingTalk, WeCom and Feishu destinations that sends and workflow chat steps
          address by key. Webhook URLs and secrets are encrypted at rest and never shown again.
        </p>
      </div>
      <ChatTargetsPage />
    </main>
  );
}
