"use client";
// One channel's content in one locale: its Liquid fields, each with the server's error (a syntax
// error names its line and column) right under it.
import { Plus, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Field, Input, Textarea } from "@/components/ui/field";
import type { NotificationChannel } from "@/lib/vocabulary/enums";
import { useLabels } from "@/components/admin/shared/labels";
import { channelFields, type Block } from "./model";

export function BlockEditor({
  locale,
  channel,
  block,
  onChange,
  onRemove,
  errorFor,
}: {
  locale: string;
  channel: NotificationChannel;
  block: Block;
  onChange: (block: Block) => void;
  /** Absent for the default locale's in-app block, which every template needs. */
  onRemove?: () => void;
  errorFor: (field: string) => string | undefined;
}) {
  const t = useTranslations("templates.block");
  const field = useTranslations("console.blockField");
  const labels = useLabels();
  const path = `blocks.${locale}.${channel}`;
  const set = (name: string, value: string) => onChange({ ...block, [name]: value });
  const data = (block.data && typeof block.data === "object" ? block.data : {}) as Record<string, string>;
  const setData = (entries: [string, string][]) => onChange({ ...block, data: Object.fromEntries(entries) });

  return (
    <div className="flex flex-col gap-3">
      {channelFields(channel).map((f) => (
        <Field
          key={f.name}
          label={
            f.required
              ? field(`${channel}.${f.name}` as Parameters<typeof field>[0])
              : t("optional", { label: field(`${channel}.${f.name}` as Parameters<typeof field>[0]) })
          }
          hint={f.hint ? field(`hint.${channel}.${f.name}` as Parameters<typeof field>[0]) : undefined}
          error={errorFor(`${path}.${f.name}`)}
        >
          {(props) =>
            f.multiline ? (
              <Textarea
                {...props}
                rows={f.name === "html" ? 10 : 4}
                maxLength={f.max}
                spellCheck={false}
                value={typeof block[f.name] === "string" ? (block[f.name] as string) : ""}
                onChange={(e) => set(f.name, e.target.value)}
              />
            ) : (
              <Input
                {...props}
                className="font-mono"
                maxLength={f.max}
                spellCheck={false}
                value={typeof block[f.name] === "string" ? (block[f.name] as string) : ""}
                onChange={(e) => set(f.name, e.target.value)}
              />
            )
          }
        </Field>
      ))}

      {channel === "wechat" ? (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium text-slate-700 dark:text-slate-200">{t("data")}</legend>
          {Object.entries(data).map(([key, value], i, all) => (
            <div key={i} className="flex flex-wrap items-start gap-2">
              <Input
                aria-label={t("dataKey", { n: i + 1 })}
                className="w-40 font-mono"
                value={key}
                onChange={(e) => setData(all.map(([k, v], j) => (j === i ? [e.target.value, v] : [k, v])))}
              />
              <Field
                label={
                  <span className="sr-only">{t("valueOf", { key: key || t("keyN", { n: i + 1 }) })}</span>
                }
                className="min-w-48 flex-1"
                error={errorFor(`${path}.data.${key}`)}
              >
                {(props) => (
                  <Input
                    {...props}
                    className="font-mono"
                    value={value}
                    onChange={(e) =>
                      setData(all.map(([k, v], j) => (j === i ? [k, e.target.value] : [k, v])))
                    }
                  />
                )}
              </Field>
              <Button
                variant="ghost"
                size="sm"
                aria-label={t("remove", { key: key || t("keyN", { n: i + 1 }) })}
                onClick={() => setData(all.filter((_, j) => j !== i))}
              >
                <Trash2 className="size-4" aria-hidden />
              </Button>
            </div>
          ))}
          <div>
            <Button
              size="sm"
              onClick={() =>
                setData([...Object.entries(data), [`keyword${Object.keys(data).length + 1}`, ""]])
              }
            >
              <Plus className="size-3.5" aria-hidden /> {t("addDataKey")}
            </Button>
          </div>
        </fieldset>
      ) : null}

      {onRemove ? (
        <div>
          <Button variant="ghost" size="sm" onClick={onRemove}>
            <Trash2 className="size-3.5" aria-hidden />{" "}
            {t("removeContent", { channel: labels.channel(channel), locale })}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
