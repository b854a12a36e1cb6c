import type { Metadata } from "next";
import { WebhookEndpointPage } from "@/components/admin/webhooks/endpoint-page";
import { requireAdmin } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Webhook endpoint" };

export default async function AdminWebhookEndpointPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireAdmin(`/admin/webhooks/${encodeURIComponent(id)}`);
  return <WebhookEndpointPage endpointId={id} />;
}
