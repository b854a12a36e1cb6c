import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { AnnouncementEditor } from "@/components/admin/announcements/announcement-editor";
import { requireAdmin } from "@/lib/auth/guards";
import { env, listOf } from "@/lib/env";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("announcements"))("one") };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function AnnouncementPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/announcements/${id}`);
  if (!UUID.test(id)) notFound();
  const t = await getTranslations("announcements");
  return (
    <main className="mx-auto flex max-w-7xl flex-col gap-4 px-4 py-6 sm:px-6">
      <h1 className="text-2xl font-semibold">{t("one")}</h1>
      <AnnouncementEditor id={id} imageHosts={listOf(env().MARKDOWN_IMAGE_HOSTS)} />
    </main>
  );
}
