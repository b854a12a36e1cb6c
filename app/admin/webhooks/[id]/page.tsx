import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { WebhookEndpointPage } from "@/components/admin/webhooks/endpoint-page";
import { requireAdmin } from "@/lib/auth/guards";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("webhooks"))("endpoint.title") };
}

export default async function AdminWebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/webhooks/${encodeURIComponent(id)}`);
  return <WebhookEndpointPage endpointId={id} />;
}
