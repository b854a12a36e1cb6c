"use client";
// The tenant's open and click tracking of emails (off by default), saved in its settings.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import type { TenantSettings, TrackingSettings } from "@/lib/tenants/settings";

const KEY = ["tenant-settings"];

const OPTIONS: { key: keyof TrackingSettings; label: string; hint: string }[] = [
  {
    key: "opens",
    label: "Track opens",
    hint: "Adds a 1×1 image to each email; mail clients that block images are not counted.",
  },
  {
    key: "clicks",
    label: "Track clicks",
    hint: "Links in emails go through a signed redirect on this server that leads only to the original link.",
  },
];

export function EmailTracking() {
  const qc = useQueryClient();
  const settings = useQuery({
    queryKey: KEY,
    queryFn: () => apiFetch<TenantSettings>("/api/v1/tenant/settings"),
  });
  const save = useMutation({
    mutationFn: (tracking: Partial<TrackingSettings>) =>
      apiFetch<TenantSettings>("/api/v1/tenant/settings", { method: "PUT", body: { tracking } }),
    onSuccess: (data) => {
      qc.setQueryData(KEY, data);
      toast.success("Email tracking saved");
    },
    onError: (e) => toast.error(e.message),
  });
  return (
    <Card className="flex flex-col gap-3">
      <div>
        <h2 className="font-semibold">Email tracking</h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">
          Open and click rates per template appear on the dashboard. Every email also carries a one-click
          unsubscribe link, except critical ones.
        </p>
      </div>
      {settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <Skeleton className="h-16 w-full" />
      ) : (
        <div className="flex flex-col gap-2">
          {OPTIONS.map((o) => (
            <label key={o.key} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-0.5 size-4 accent-brand"
                checked={settings.data.tracking[o.key]}
                disabled={save.isPending}
                onChange={(e) => save.mutate({ [o.key]: e.target.checked })}
              />
              <span>
                <span className="font-medium">{o.label}</span>
                <span className="block text-slate-600 dark:text-slate-400">{o.hint}</span>
              </span>
            </label>
          ))}
        </div>
      )}
    </Card>
  );
}
