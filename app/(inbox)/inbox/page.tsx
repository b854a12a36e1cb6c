import type { Metadata } from "next";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { requireUser } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Inbox" };

export default async function InboxPage() {
  const user = await requireUser("/inbox");
  return (
    <main className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-8">
      <header className="flex items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Inbox</h1>
          <p className="text-sm text-slate-600">
            {user.name ? `${user.name} · ` : ""}
            {user.email}
          </p>
        </div>
        <SignOutButton />
      </header>
      <p className="text-slate-600">Your notifications will appear here.</p>
    </main>
  );
}
