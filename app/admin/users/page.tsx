import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ImportUsers } from "@/components/admin/users/import-users";
import { UsersList } from "@/components/admin/users/users-list";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("title") };
}

export default async function AdminUsersPage() {
  await requireAdmin("/admin/users");
  const t = await getTranslations("users");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:px-6">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <ImportUsers />
      <UsersList />
    </main>
  );
}
