"use client";
// The variables the server found in the blocks, with what the author says about each: required or
// not, a default used when a send leaves it out, an example for previews.
import { useTranslations } from "next-intl";
import { Input } from "@/components/ui/field";
import { Badge, EmptyState } from "@/components/ui/misc";
import { Table, Td, Th } from "@/components/ui/table";
import type { Variable } from "./model";

export function VariablesTable({
  variables,
  savedNames,
  onChange,
}: {
  variables: Variable[];
  /** Names in the saved version: the others are marked new until saved. */
  savedNames: string[];
  onChange: (variables: Variable[]) => void;
}) {
  const t = useTranslations("templates.variables");
  if (variables.length === 0)
    return (
      <EmptyState title={t("empty")}>
        {t.rich("emptyText", {
          code: (chunks) => <code className="font-mono">{chunks}</code>,
        })}
      </EmptyState>
    );
  const update = (i: number, patch: Partial<Variable>) =>
    onChange(variables.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <Table aria-label={t("label")}>
      <thead>
        <tr>
          <Th>{t("variable")}</Th>
          <Th>{t("required")}</Th>
          <Th>{t("default")}</Th>
          <Th>{t("example")}</Th>
        </tr>
      </thead>
      <tbody>
        {variables.map((v, i) => (
          <tr key={v.name}>
            <Td className="font-mono text-sm">
              {v.name}
              {savedNames.includes(v.name) ? null : (
                <Badge tone="amber" className="ml-2 font-sans">
                  {t("new")}
                </Badge>
              )}
            </Td>
            <Td>
              <input
                type="checkbox"
                aria-label={t("isRequired", { name: v.name })}
                className="size-4 accent-brand"
                checked={v.required}
                onChange={(e) => update(i, { required: e.target.checked })}
              />
            </Td>
            <Td>
              <Input
                aria-label={t("defaultFor", { name: v.name })}
                value={v.default ?? ""}
                onChange={(e) => update(i, { default: e.target.value || undefined })}
              />
            </Td>
            <Td>
              <Input
                aria-label={t("exampleFor", { name: v.name })}
                value={v.example ?? ""}
                onChange={(e) => update(i, { example: e.target.value || undefined })}
              />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
