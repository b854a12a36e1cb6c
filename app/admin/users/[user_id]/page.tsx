import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { UserDetail } from "@/components/admin/users/user-detail";
import { requireAdmin } from "@/lib/auth/guards";

/** Route params can arrive still percent-encoded; a stray "%" in an id must not crash the page. */
function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("users"))("one") };
}

export default async function AdminUserPage({ params }: { params: Promise<{ user_id: string }> }) {
  const { user_id } = await params;
  const userId = safeDecode(user_id);
  await requireAdmin(`/admin/users/${user_id}`);
  const t = await getTranslations("users");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <div>
        <Link href="/admin/users" className="text-sm text-brand hover:underline dark:text-indigo-300">
          {t("back")}
        </Link>
        <h1 className="text-2xl font-semibold break-all">{userId}</h1>
      </div>
      <UserDetail userId={userId} />
    </main>
  );
}
