"use client";
// The notifications and deliveries tables of the send log, each with its filters, "Load more",
// live polling and a CSV export of the current filter. Also used on a user's page (fixed user).
import { createColumnHelper } from "@tanstack/react-table";
import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import type { NotificationJson } from "@/lib/notifications/serialize";
import { withQuery } from "@/lib/http/api-client";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { DataTable } from "@/components/admin/shared/data-table";
import { Drawer } from "./drawer";
import { LogFiltersBar } from "./filters";
import { emptyFilters, type LogFilters, type LogsTab } from "./url-state";
import { localInputToIso, statusTone } from "@/components/admin/shared/format";
import { useLabels } from "@/components/admin/shared/labels";
import { useFormatTime } from "@/components/admin/shared/use-format";
import { NotificationDetail } from "./notification-detail";
import { DeliveryDetailView } from "./delivery-attempts";
import type { DeliveryJson } from "./types";
import { useCursorList } from "@/components/admin/shared/use-cursor-list";
import { useDebounced } from "@/components/admin/shared/use-debounced";
import { LoadMore } from "@/components/ui/load-more";
import { LOG_LIVE_MS } from "./constants";

const nCol = createColumnHelper<NotificationJson>();
const dCol = createColumnHelper<DeliveryJson>();

/** The two tables' columns, headed and filled in the console's language. */
function useColumns() {
  const t = useTranslations("logs.fields");
  const labels = useLabels();
  const formatTime = useFormatTime();
  return useMemo(() => {
    const created = (iso: string) => <span className="whitespace-nowrap">{formatTime(iso)}</span>;
    const notifications = [
      nCol.accessor("created_at", { header: t("created"), cell: (c) => created(c.getValue()) }),
      nCol.accessor("user_id", { header: t("user") }),
      nCol.accessor("title", {
        header: t("title"),
        cell: (c) => <span className="line-clamp-2">{c.getValue()}</span>,
      }),
      nCol.accessor("type", { header: t("type"), cell: (c) => labels.type(c.getValue()) }),
      nCol.accessor("status", {
        header: t("status"),
        cell: (c) => <Badge tone={statusTone(c.getValue())}>{labels.status(c.getValue())}</Badge>,
      }),
      nCol.accessor("channels", { header: t("channels"), cell: (c) => labels.channels(c.getValue()) }),
      nCol.accessor("template_code", { header: t("template"), cell: (c) => c.getValue() ?? "—" }),
    ];
    const deliveries = [
      dCol.accessor("created_at", { header: t("created"), cell: (c) => created(c.getValue()) }),
      dCol.accessor("user_id", { header: t("user") }),
      dCol.accessor("channel", { header: t("channel"), cell: (c) => labels.channel(c.getValue()) }),
      dCol.accessor("provider", { header: t("provider"), cell: (c) => c.getValue() ?? "—" }),
      dCol.accessor("destination", {
        header: t("to"),
        cell: (c) => <span className="line-clamp-1 max-w-48 break-all">{c.getValue() ?? "—"}</span>,
      }),
      dCol.accessor("status", {
        header: t("status"),
        cell: (c) => <Badge tone={statusTone(c.getValue())}>{labels.status(c.getValue())}</Badge>,
      }),
      dCol.accessor("attempts", { header: t("attempts") }),
      dCol.accessor("last_error", {
        header: t("error"),
        cell: (c) => (
          <span className="line-clamp-2 text-red-700 dark:text-red-300">{c.getValue() ?? ""}</span>
        ),
      }),
    ];
    return { notifications, deliveries };
  }, [t, labels, formatTime]);
}

function apiQuery(kind: LogsTab, f: LogFilters, fixedUser?: string): Record<string, string | undefined> {
  const common = {
    channel: f.channel || undefined,
    status: f.status || undefined,
    provider: f.provider.trim() || undefined,
    user_id: fixedUser ?? (f.user_id.trim() || undefined),
    template: f.template.trim() || undefined,
  };
  const from = localInputToIso(f.from);
  const to = localInputToIso(f.to);
  return kind === "notifications"
    ? { ...common, scope: "tenant", since: from, until: to }
    : { ...common, from, to };
}

export function LogTable({
  kind,
  fixedUser,
  initialFilters = emptyFilters,
  onFiltersChange,
}: {
  kind: LogsTab;
  /** On a user's page: the log of that user only. */
  fixedUser?: string;
  initialFilters?: LogFilters;
  /** Called with the settled filters (the logs page keeps them in the URL). */
  onFiltersChange?: (filters: LogFilters) => void;
}) {
  const t = useTranslations("logs");
  const labels = useLabels();
  const columns = useColumns();
  const [filters, setFilters] = useState<LogFilters>(initialFilters);
  const [live, setLive] = useState(true);
  const [openId, setOpenId] = useState<string | null>(null);
  // A delivery with no notification (an announcement's, a workflow step's) opens on its own.
  const [openDeliveryId, setOpenDeliveryId] = useState<string | null>(null);
  const settled = useDebounced(filters);
  useEffect(() => onFiltersChange?.(settled), [settled, onFiltersChange]);
  const query = useMemo(() => apiQuery(kind, settled, fixedUser), [kind, settled, fixedUser]);
  const path = `/api/v1/${kind}`;
  const list = useCursorList<NotificationJson | DeliveryJson, string>(path, kind, query, {
    // Polling, not a socket: the log is tenant-wide and the gateway's rooms are per user.
    refetchInterval: live ? LOG_LIVE_MS : false,
    keysetFromStart: kind === "notifications",
  });
  // From the filters as typed (not debounced): the file matches what the filter boxes say.
  const exportQuery = { ...apiQuery(kind, filters, fixedUser), scope: undefined };
  const label = t(`tabs.${kind}`);

  return (
    <div className="flex flex-col gap-4">
      <LogFiltersBar kind={kind} value={filters} onChange={setFilters} hideUser={Boolean(fixedUser)} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <label className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-300">
          <input
            type="checkbox"
            checked={live}
            onChange={(e) => setLive(e.target.checked)}
            className={cn("size-4", focusRing)}
          />
          {t("live", { seconds: LOG_LIVE_MS / 1000 })}
        </label>
        <div className="flex gap-2">
          <Button variant="ghost" size="sm" onClick={() => setFilters(emptyFilters)}>
            {t("clearFilters")}
          </Button>
          <a
            href={withQuery(`/api/v1/${kind}/export`, exportQuery)}
            download
            className={cn(
              "inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700",
              focusRing,
            )}
          >
            <Download className="size-4" aria-hidden /> {t("exportCsv")}
          </a>
        </div>
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.isLoading ? (
        <div className="flex flex-col gap-2" aria-busy="true" aria-label={t(`loading.${kind}`)}>
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-9" />
          ))}
        </div>
      ) : list.rows.length === 0 ? (
        <EmptyState title={t(`empty.${kind}`)} />
      ) : kind === "notifications" ? (
        <DataTable
          caption={label}
          data={list.rows as NotificationJson[]}
          columns={columns.notifications}
          onOpen={(n) => setOpenId(n.id)}
          rowLabel={(n) => t("rowLabel.notification", { title: n.title, user: n.user_id })}
        />
      ) : (
        <DataTable
          caption={label}
          data={list.rows as DeliveryJson[]}
          columns={columns.deliveries}
          onOpen={(d) => (d.notification_id ? setOpenId(d.notification_id) : setOpenDeliveryId(d.id))}
          rowLabel={(d) =>
            t("rowLabel.delivery", {
              channel: labels.channel(d.channel),
              user: d.user_id,
              status: labels.status(d.status),
            })
          }
        />
      )}
      <LoadMore
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
      />
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} title={t("notificationDetails")}>
        {openId ? <NotificationDetail id={openId} /> : null}
      </Drawer>
      <Drawer
        open={openDeliveryId !== null}
        onClose={() => setOpenDeliveryId(null)}
        title={t("deliveryDetails")}
      >
        {openDeliveryId ? <DeliveryDetailView deliveryId={openDeliveryId} /> : null}
      </Drawer>
    </div>
  );
}
