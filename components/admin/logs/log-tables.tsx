"use client";
// The notifications and deliveries tables of the send log, each with its filters, "Load more",
// live polling and a CSV export of the current filter. Also used on a user's page (fixed user).
import { createColumnHelper } from "@tanstack/react-table";
import { Download } from "lucide-react";
import { useEffect, useMemo, useState } from "react";
import type { NotificationJson } from "@/lib/notifications/serialize";
import { withQuery } from "@/lib/http/api-client";
import { Button, focusRing } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Badge, EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { DataTable } from "@/components/admin/shared/data-table";
import { Drawer } from "./drawer";
import { LogFiltersBar } from "./filters";
import { emptyFilters, LOGS_TAB_LABELS, type LogFilters, type LogsTab } from "./url-state";
import { formatTime, localInputToIso, statusTone } from "@/components/admin/shared/format";
import { NotificationDetail } from "./notification-detail";
import { DeliveryDetailView } from "./delivery-attempts";
import type { DeliveryJson } from "./types";
import { useCursorList } from "@/components/admin/shared/use-cursor-list";
import { useDebounced } from "@/components/admin/shared/use-debounced";
import { LoadMore } from "@/components/ui/load-more";
import { LOG_LIVE_MS } from "./constants";

const nCol = createColumnHelper<NotificationJson>();
const notificationColumns = [
  nCol.accessor("created_at", {
    header: "Created",
    cell: (c) => <span className="whitespace-nowrap">{formatTime(c.getValue())}</span>,
  }),
  nCol.accessor("user_id", { header: "User" }),
  nCol.accessor("title", {
    header: "Title",
    cell: (c) => <span className="line-clamp-2">{c.getValue()}</span>,
  }),
  nCol.accessor("type", { header: "Type" }),
  nCol.accessor("status", {
    header: "Status",
    cell: (c) => <Badge tone={statusTone(c.getValue())}>{c.getValue()}</Badge>,
  }),
  nCol.accessor("channels", { header: "Channels", cell: (c) => c.getValue().join(", ") }),
  nCol.accessor("template_code", { header: "Template", cell: (c) => c.getValue() ?? "—" }),
];

const dCol = createColumnHelper<DeliveryJson>();
const deliveryColumns = [
  dCol.accessor("created_at", {
    header: "Created",
    cell: (c) => <span className="whitespace-nowrap">{formatTime(c.getValue())}</span>,
  }),
  dCol.accessor("user_id", { header: "User" }),
  dCol.accessor("channel", { header: "Channel" }),
  dCol.accessor("provider", { header: "Provider", cell: (c) => c.getValue() ?? "—" }),
  dCol.accessor("destination", {
    header: "To",
    cell: (c) => <span className="line-clamp-1 max-w-48 break-all">{c.getValue() ?? "—"}</span>,
  }),
  dCol.accessor("status", {
    header: "Status",
    cell: (c) => <Badge tone={statusTone(c.getValue())}>{c.getValue()}</Badge>,
  }),
  dCol.accessor("attempts", { header: "Attempts" }),
  dCol.accessor("last_error", {
    header: "Error",
    cell: (c) => <span className="line-clamp-2 text-red-700 dark:text-red-300">{c.getValue() ?? ""}</span>,
  }),
];

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
  const label = LOGS_TAB_LABELS[kind];

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
          Live (refreshes every {LOG_LIVE_MS / 1000} s)
        </label>
        <div className="flex gap-2">
          <Button variant="ghost" size="sm" onClick={() => setFilters(emptyFilters)}>
            Clear filters
          </Button>
          <a
            href={withQuery(`/api/v1/${kind}/export`, exportQuery)}
            download
            className={cn(
              "inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-800 dark:hover:bg-slate-700",
              focusRing,
            )}
          >
            <Download className="size-4" aria-hidden /> Export CSV
          </a>
        </div>
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.isLoading ? (
        <div className="flex flex-col gap-2" aria-busy="true" aria-label={`Loading ${kind}`}>
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-9" />
          ))}
        </div>
      ) : list.rows.length === 0 ? (
        <EmptyState title={`No ${kind} match these filters`} />
      ) : kind === "notifications" ? (
        <DataTable
          caption={label}
          data={list.rows as NotificationJson[]}
          columns={notificationColumns}
          onOpen={(n) => setOpenId(n.id)}
          rowLabel={(n) => `${n.title} to ${n.user_id}`}
        />
      ) : (
        <DataTable
          caption={label}
          data={list.rows as DeliveryJson[]}
          columns={deliveryColumns}
          onOpen={(d) => (d.notification_id ? setOpenId(d.notification_id) : setOpenDeliveryId(d.id))}
          rowLabel={(d) => `${d.channel} to ${d.user_id}: ${d.status}`}
        />
      )}
      <LoadMore
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
      />
      <Drawer open={openId !== null} onClose={() => setOpenId(null)} title="Notification details">
        {openId ? <NotificationDetail id={openId} /> : null}
      </Drawer>
      <Drawer open={openDeliveryId !== null} onClose={() => setOpenDeliveryId(null)} title="Delivery details">
        {openDeliveryId ? <DeliveryDetailView deliveryId={openDeliveryId} /> : null}
      </Drawer>
    </div>
  );
}
