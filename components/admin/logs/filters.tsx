"use client";
// The send log's filters; empty fields are left out of the query.
import { useTranslations } from "next-intl";
import { deliveryStatuses, notificationChannels, notificationStatuses } from "@/lib/vocabulary/enums";
import { FilterInput, FilterSelect } from "@/components/admin/shared/filter-fields";
import { useLabels } from "@/components/admin/shared/labels";
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
  const t = useTranslations("logs.filters");
  const labels = useLabels();
  const set = (k: keyof LogFilters) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <form
      role="search"
      aria-label={t(`label.${kind}`)}
      onSubmit={(e) => e.preventDefault()}
      className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7"
    >
      <FilterSelect
        label={t("channel")}
        value={value.channel}
        options={notificationChannels}
        optionLabel={labels.channel}
        onChange={set("channel")}
      />
      <FilterSelect
        label={t("status")}
        value={value.status}
        options={kind === "notifications" ? NOTIFICATION_FILTER_STATUSES : deliveryStatuses}
        optionLabel={labels.status}
        onChange={set("status")}
      />
      <FilterInput
        label={t("provider")}
        value={value.provider}
        onChange={set("provider")}
        placeholder={t("providerPlaceholder")}
      />
      {hideUser ? null : (
        <FilterInput
          label={t("user")}
          value={value.user_id}
          onChange={set("user_id")}
          placeholder={t("userPlaceholder")}
        />
      )}
      <FilterInput
        label={t("template")}
        value={value.template}
        onChange={set("template")}
        placeholder={t("templatePlaceholder")}
      />
      <FilterInput label={t("from")} type="datetime-local" value={value.from} onChange={set("from")} />
      <FilterInput label={t("to")} type="datetime-local" value={value.to} onChange={set("to")} />
    </form>
  );
}
