"use client";
// The send log's filters; empty fields are left out of the query.
import { Field, Input, Select } from "@/components/ui/field";
import { CHANNELS, DELIVERY_STATUSES, NOTIFICATION_STATUSES } from "./constants";
import type { LogFilters } from "./url-state";

export function LogFiltersBar({
  value,
  onChange,
  kind,
  hideUser = false,
}: {
  value: LogFilters;
  onChange: (next: LogFilters) => void;
  kind: "notifications" | "deliveries";
  hideUser?: boolean;
}) {
  const set = (k: keyof LogFilters) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  const statuses =
    kind === "notifications" ? [...NOTIFICATION_STATUSES, "read", "unread"] : DELIVERY_STATUSES;
  return (
    <form
      role="search"
      aria-label={`Filter ${kind}`}
      onSubmit={(e) => e.preventDefault()}
      className="grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7"
    >
      <Field label="Channel">
        {(p) => (
          <Select {...p} value={value.channel} onChange={set("channel")}>
            <option value="">Any</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Status">
        {(p) => (
          <Select {...p} value={value.status} onChange={set("status")}>
            <option value="">Any</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        )}
      </Field>
      <Field label="Provider">
        {(p) => (
          <Input {...p} value={value.provider} onChange={set("provider")} placeholder="resend, outbox…" />
        )}
      </Field>
      {hideUser ? null : (
        <Field label="User">
          {(p) => <Input {...p} value={value.user_id} onChange={set("user_id")} placeholder="user_id" />}
        </Field>
      )}
      <Field label="Template">
        {(p) => <Input {...p} value={value.template} onChange={set("template")} placeholder="code" />}
      </Field>
      <Field label="From">
        {(p) => <Input {...p} type="datetime-local" value={value.from} onChange={set("from")} />}
      </Field>
      <Field label="To">
        {(p) => <Input {...p} type="datetime-local" value={value.to} onChange={set("to")} />}
      </Field>
    </form>
  );
}
