"use client";
// The send log: notifications and deliveries tabs. The tab and filters live in the URL, so a view
// can be shared or linked to (e.g. /admin/logs?tab=deliveries&status=failed).
import { useTranslations } from "next-intl";
import { useCallback, useState } from "react";
import { Tabs } from "@/components/ui/tabs";
import { emptyFilters, type LogFilters, type LogsState, type LogsTab } from "./url-state";
import { useLogsTabs } from "./use-logs-tabs";
import { LogTable } from "./log-tables";

function writeUrl(tab: LogsTab, filters: LogFilters) {
  const qs = new URLSearchParams();
  if (tab !== "notifications") qs.set("tab", tab);
  for (const [k, v] of Object.entries(filters)) if (v) qs.set(k, v);
  const search = qs.toString();
  // replaceState, not a navigation: no server round trip, no history entry per keystroke.
  window.history.replaceState(null, "", `${window.location.pathname}${search ? `?${search}` : ""}`);
}

export function LogsPage({ initial }: { initial: LogsState }) {
  const t = useTranslations("logs");
  const tabs = useLogsTabs();
  const [tab, setTab] = useState<LogsTab>(initial.tab);
  // The URL's filters apply to the tab it names; switching tabs starts from no filter.
  const [startFilters, setStartFilters] = useState(initial.filters);
  const onFiltersChange = useCallback((f: LogFilters) => writeUrl(tab, f), [tab]);
  return (
    <div className="flex flex-col gap-4">
      <Tabs
        label={t("sendLog")}
        value={tab}
        onChange={(next) => {
          setTab(next);
          setStartFilters(emptyFilters);
        }}
        items={tabs}
      />
      {/* Keyed: each tab keeps its own filters and query. */}
      <div role="tabpanel" aria-label={t(`tabs.${tab}`)}>
        <LogTable key={tab} kind={tab} initialFilters={startFilters} onFiltersChange={onFiltersChange} />
      </div>
    </div>
  );
}
