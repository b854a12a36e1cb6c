"use client";
// The send log's filters; empty fields are left out of the query.
import { deliveryStatuses, notificationChannels, notificationStatuses } from "@/lib/vocabulary/enums";
import { FilterInput, FilterSelect } from "@/components/admin/shared/filter-fields";
import type { LogFilters, LogsTab } from "./url-state";

// GET /notifications also filters by read state through `status`.
const NOTIFICATION_FILTER_STATUSES = [...notificationStatuses, "read", "unread"];

export function LogFiltersBar({
  value,
  onChange,
  kind,
  hideUser = false,
}: {
  value: LogFilters;
  onChange: (next: LogFilters) => void;
  kind: LogsTab;
  hideUser?: boolean;
}) {
  const set = (k: keyof LogFilters) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <form
      role="search"
      aria-label={`Filter ${kind}`}
      onSubmit={(e) => e.preventDefault()}
      className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7"
    >
      <FilterSelect
        label="Channel"
        value={value.channel}
        options={notificationChannels}
        onChange={set("channel")}
      />
      <FilterSelect
        label="Status"
        value={value.status}
        options={kind === "notifications" ? NOTIFICATION_FILTER_STATUSES : deliveryStatuses}
        onChange={set("status")}
      />
      <FilterInput
        label="Provider"
        value={value.provider}
        onChange={set("provider")}
        placeholder="resend, outbox…"
      />
      {hideUser ? null : (
        <FilterInput label="User" value={value.user_id} onChange={set("user_id")} placeholder="user_id" />
      )}
      <FilterInput label="Template" value={value.template} onChange={set("template")} placeholder="code" />
      <FilterInput label="From" type="datetime-local" value={value.from} onChange={set("from")} />
      <FilterInput label="To" type="datetime-local" value={value.to} onChange={set("to")} />
    </form>
  );
}
