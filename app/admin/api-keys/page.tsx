import type { Metadata } from "next";
import { ApiKeysPage } from "@/components/admin/api-keys/api-keys-page";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "API keys" };

export default async function AdminApiKeysPage() {
  await requireAdmin("/admin/api-keys");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold">API keys</h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Services call Herald with <code>Authorization: Bearer hk_…</code>. Give each service its own key.
        </p>
      </div>
      <ApiKeysPage />
    </main>
  );
}
