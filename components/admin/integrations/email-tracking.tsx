"use client";
// The tenant's open and click tracking of emails (off by default), saved in its settings.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { toast } from "sonner";
import { Card, ErrorState, Skeleton } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import type { TenantSettings, TrackingSettings } from "@/lib/tenants/settings";

const KEY = ["tenant-settings"];

const OPTIONS: (keyof TrackingSettings)[] = ["opens", "clicks"];

export function EmailTracking() {
  const t = useTranslations("integrations.tracking");
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
      toast.success(t("saved"));
    },
    onError: (e) => toast.error(e.message),
  });
  return (
    <Card className="flex flex-col gap-3">
      <div>
        <h2 className="font-semibold">{t("title")}</h2>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t("intro")}</p>
      </div>
      {settings.isError ? (
        <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
      ) : !settings.data ? (
        <Skeleton className="h-16 w-full" />
      ) : (
        <div className="flex flex-col gap-2">
          {OPTIONS.map((key) => (
            <label key={key} className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-0.5 size-4 accent-brand"
                checked={settings.data.tracking[key]}
                disabled={save.isPending}
                onChange={(e) => save.mutate({ [key]: e.target.checked })}
              />
              <span>
                <span className="font-medium">{t(`${key}.label`)}</span>
                <span className="block text-slate-600 dark:text-slate-400">{t(`${key}.hint`)}</span>
              </span>
            </label>
          ))}
        </div>
      )}
    </Card>
  );
}
