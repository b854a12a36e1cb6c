import type { Metadata } from "next";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Console" };

export default async function AdminPage() {
  // Checked again here, not only in the layout: a page can be rendered without its layout.
  const user = await requireAdmin();
  return (
    <main className="mx-auto flex max-w-6xl flex-col gap-2 px-6 py-8">
      <h1 className="text-2xl font-semibold">Console</h1>
      <p className="text-slate-600">
        Signed in as <span className="font-medium text-slate-900">{user.email}</span>. Templates,
        announcements, sends and delivery logs will live here.
      </p>
    </main>
  );
}
