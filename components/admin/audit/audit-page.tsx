"use client";
// The audit log: who did what and when, filterable by actor, action, target type and time.
import { createColumnHelper } from "@tanstack/react-table";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import type { z } from "zod";
import type { auditEntrySchema } from "@/lib/audit";
import { Badge } from "@/components/ui/misc";
import { CursorTable } from "../shared/cursor-table";
import { FilterInput, FilterSelect } from "../shared/filter-fields";
import { localInputToIso } from "../shared/format";
import { useFormatTime } from "../shared/use-format";
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

function useColumns() {
  const t = useTranslations("audit");
  const formatTime = useFormatTime();
  return useMemo(
    () => [
      col.accessor("created_at", {
        header: t("columns.when"),
        cell: (c) => <span className="whitespace-nowrap">{formatTime(c.getValue())}</span>,
      }),
      col.accessor("actor", {
        header: t("columns.who"),
        cell: (c) => {
          const a = c.getValue();
          return (
            <span className="flex flex-wrap items-center gap-1">
              <Badge tone={a.type === "api_key" ? "indigo" : a.type === "system" ? "slate" : "blue"}>
                {t(`actorType.${a.type}`)}
              </Badge>
              <span className="break-all">{a.label ?? a.id ?? "Herald"}</span>
            </span>
          );
        },
      }),
      col.accessor("action", {
        header: t("columns.action"),
        cell: (c) => <code className="text-xs">{c.getValue()}</code>,
      }),
      col.display({
        id: "target",
        header: t("columns.target"),
        cell: ({ row }) =>
          row.original.target_type ? (
            <span className="break-all">
              {row.original.target_type} <code className="text-xs">{row.original.target_id}</code>
            </span>
          ) : (
            t("none")
          ),
      }),
      col.accessor("data", {
        header: t("columns.details"),
        cell: (c) => {
          const text = JSON.stringify(c.getValue());
          return text === "{}" ? "" : <code className="line-clamp-2 text-xs break-all">{text}</code>;
        },
      }),
    ],
    [t, formatTime],
  );
}

export function AuditPage() {
  const t = useTranslations("audit");
  const columns = useColumns();
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
        aria-label={t("filters.label")}
        onSubmit={(e) => e.preventDefault()}
        className="grid grid-cols-2 gap-3 md:grid-cols-5"
      >
        <FilterInput
          label={t("filters.actor")}
          hint={t("filters.actorHint")}
          value={actor}
          onChange={setActor}
        />
        <FilterSelect label={t("filters.action")} value={action} options={ACTIONS} onChange={setAction} />
        <FilterInput
          label={t("filters.targetType")}
          value={targetType}
          placeholder={t("filters.targetTypePlaceholder")}
          onChange={setTargetType}
        />
        <FilterInput label={t("filters.from")} type="datetime-local" value={from} onChange={setFrom} />
        <FilterInput label={t("filters.to")} type="datetime-local" value={to} onChange={setTo} />
      </form>
      <CursorTable list={list} caption={t("title")} columns={columns} empty={{ title: t("empty") }} />
    </div>
  );
}
