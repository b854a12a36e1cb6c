"use client";
// The audit log: who did what and when, filterable by actor, action, target type and time.
import { createColumnHelper } from "@tanstack/react-table";
import { useMemo, useState } from "react";
import type { z } from "zod";
import type { auditEntrySchema } from "@/lib/audit";
import { Badge } from "@/components/ui/misc";
import { CursorTable } from "../shared/cursor-table";
import { FilterInput, FilterSelect } from "../shared/filter-fields";
import { formatTime, localInputToIso } from "../shared/format";
import { useCursorList } from "../shared/use-cursor-list";
import { useDebounced } from "../shared/use-debounced";

type Entry = z.output<typeof auditEntrySchema>;

// The kinds the domain writes; "*" lists every action of a kind.
const ACTIONS = [
  "template.*",
  "notification.*",
  "announcement.*",
  "api_key.*",
  "integration.*",
  "user.*",
  "users.imported",
  "preferences.*",
  "tenant.*",
];

const col = createColumnHelper<Entry>();
const columns = [
  col.accessor("created_at", {
    header: "When",
    cell: (c) => <span className="whitespace-nowrap">{formatTime(c.getValue())}</span>,
  }),
  col.accessor("actor", {
    header: "Who",
    cell: (c) => {
      const a = c.getValue();
      return (
        <span className="flex flex-wrap items-center gap-1">
          <Badge tone={a.type === "api_key" ? "indigo" : a.type === "system" ? "slate" : "blue"}>
            {a.type}
          </Badge>
          <span className="break-all">{a.label ?? a.id ?? "Herald"}</span>
        </span>
      );
    },
  }),
  col.accessor("action", { header: "Action", cell: (c) => <code className="text-xs">{c.getValue()}</code> }),
  col.display({
    id: "target",
    header: "Target",
    cell: ({ row }) =>
      row.original.target_type ? (
        <span className="break-all">
          {row.original.target_type} <code className="text-xs">{row.original.target_id}</code>
        </span>
      ) : (
        "—"
      ),
  }),
  col.accessor("data", {
    header: "Details",
    cell: (c) => {
      const text = JSON.stringify(c.getValue());
      return text === "{}" ? "" : <code className="line-clamp-2 text-xs break-all">{text}</code>;
    },
  }),
];

export function AuditPage() {
  const [actor, setActor] = useState("");
  const [action, setAction] = useState("");
  const [targetType, setTargetType] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const settledActor = useDebounced(actor.trim());
  const settledTarget = useDebounced(targetType.trim());
  const query = useMemo(
    () => ({
      actor: settledActor || undefined,
      action: action || undefined,
      target_type: settledTarget || undefined,
      from: localInputToIso(from),
      to: localInputToIso(to),
    }),
    [settledActor, action, settledTarget, from, to],
  );
  const list = useCursorList<Entry, "entries">("/api/v1/audit-log", "entries", query, { pageSize: 50 });
  return (
    <div className="flex flex-col gap-4">
      <form
        role="search"
        aria-label="Filter the audit log"
        onSubmit={(e) => e.preventDefault()}
        className="grid grid-cols-2 gap-3 md:grid-cols-5"
      >
        <FilterInput
          label="Actor"
          hint="email, user id, key name or prefix"
          value={actor}
          onChange={setActor}
        />
        <FilterSelect label="Action" value={action} options={ACTIONS} onChange={setAction} />
        <FilterInput
          label="Target type"
          value={targetType}
          placeholder="template, api_key…"
          onChange={setTargetType}
        />
        <FilterInput label="From" type="datetime-local" value={from} onChange={setFrom} />
        <FilterInput label="To" type="datetime-local" value={to} onChange={setTo} />
      </form>
      <CursorTable
        list={list}
        caption="Audit log"
        columns={columns}
        empty={{ title: "Nothing in the audit log matches" }}
      />
    </div>
  );
}
