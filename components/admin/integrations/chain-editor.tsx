"use client";
// A channel's failover chain: its members in order (drag, or the up/down buttons, to reorder), each
// with its health, and the channel's other integrations to add. Every change is saved at once.
import { useMutation } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, GripVertical, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { useState, type DragEvent } from "react";
import { toast } from "sonner";
import type { z } from "zod";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/misc";
import { apiFetch } from "@/lib/http/api-client";
import type { chainSchema, CircuitStateName } from "@/lib/integrations/schema";
import { useFormatTime } from "@/components/admin/shared/use-format";
import type { Integration } from "./integration-form";
import { moveItem } from "./chain-order";

export type Chain = z.output<typeof chainSchema>;

const CIRCUIT: Record<CircuitStateName, "green" | "amber" | "red"> = {
  closed: "green",
  half_open: "amber",
  open: "red",
};

export function ChainEditor({
  chain,
  integrations,
  onChanged,
}: {
  chain: Chain;
  /** The channel's integrations, the chain's members among them. */
  integrations: Integration[];
  onChanged: () => void;
}) {
  const t = useTranslations("integrations.chain");
  const formatTime = useFormatTime();
  const [dragging, setDragging] = useState<number | null>(null);
  const save = useMutation({
    mutationFn: (ids: string[]) =>
      apiFetch<Chain>(`/api/v1/integrations/chains/${chain.channel}`, {
        method: "PUT",
        body: { integration_ids: ids },
      }),
    onSuccess: () => {
      toast.success(t("saved", { channel: chain.channel }));
      onChanged();
    },
    onError: (e) => toast.error(e.message),
  });
  const ids = chain.members.map((m) => m.integration_id);
  const outside = integrations.filter((i) => !ids.includes(i.id));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= ids.length || from === to) return;
    save.mutate(moveItem(ids, from, to));
  };
  const onDrop = (to: number) => (e: DragEvent) => {
    e.preventDefault();
    if (dragging !== null) move(dragging, to);
    setDragging(null);
  };

  return (
    <div className="flex flex-col gap-2 rounded border border-slate-200 p-3 dark:border-slate-700">
      <h3 className="text-sm font-medium">{t("title")}</h3>
      {chain.members.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {chain.fallback
            ? t("emptyFallback", { channel: chain.channel, fallback: chain.fallback })
            : t("emptyNothing", { channel: chain.channel })}
        </p>
      ) : (
        <ol className="flex flex-col gap-1" aria-label={t("orderLabel", { channel: chain.channel })}>
          {chain.members.map((m, i) => (
            <li
              key={m.integration_id}
              draggable
              onDragStart={() => setDragging(i)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={onDrop(i)}
              onDragEnd={() => setDragging(null)}
              className={`flex flex-wrap items-center gap-2 rounded bg-slate-50 px-2 py-1 text-sm dark:bg-slate-800 ${
                dragging === i ? "opacity-50" : ""
              }`}
            >
              <GripVertical className="size-4 cursor-grab text-slate-400" aria-hidden />
              <span className="w-5 text-slate-500">{i + 1}.</span>
              <span className="font-medium">{m.name}</span>
              <Badge tone={CIRCUIT[m.circuit]}>{t(`circuit.${m.circuit}`)}</Badge>
              {m.is_active ? null : <Badge tone="amber">{t("passedOver")}</Badge>}
              {m.last_error ? (
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {t("lastError", {
                    code: m.last_error.code ?? t("errorCode"),
                    at: formatTime(m.last_error.at),
                  })}
                </span>
              ) : null}
              <span className="ml-auto flex gap-1">
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t("moveUp", { name: m.name })}
                  disabled={i === 0 || save.isPending}
                  onClick={() => move(i, i - 1)}
                >
                  <ArrowUp className="size-4" aria-hidden />
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t("moveDown", { name: m.name })}
                  disabled={i === ids.length - 1 || save.isPending}
                  onClick={() => move(i, i + 1)}
                >
                  <ArrowDown className="size-4" aria-hidden />
                </Button>
                <Button
                  size="sm"
                  variant="ghost"
                  aria-label={t("takeOut", { name: m.name })}
                  disabled={save.isPending}
                  onClick={() => save.mutate(ids.filter((id) => id !== m.integration_id))}
                >
                  <X className="size-4" aria-hidden />
                </Button>
              </span>
            </li>
          ))}
        </ol>
      )}
      {outside.length > 0 ? (
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-500 dark:text-slate-400">{t("notInChain")}</span>
          {outside.map((i) => (
            <Button
              key={i.id}
              size="sm"
              disabled={save.isPending}
              onClick={() => save.mutate([...ids, i.id])}
            >
              {t("add", { name: i.name })}
            </Button>
          ))}
        </div>
      ) : null}
    </div>
  );
}
