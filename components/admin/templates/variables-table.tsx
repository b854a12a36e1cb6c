"use client";
// The variables the server found in the blocks, with what the author says about each: required or
// not, a default used when a send leaves it out, an example for previews.
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
  if (variables.length === 0)
    return (
      <EmptyState title="No variables yet">
        Use <code className="font-mono">{"{{ order_id }}"}</code> in the content and it shows here.
      </EmptyState>
    );
  const update = (i: number, patch: Partial<Variable>) =>
    onChange(variables.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  return (
    <Table aria-label="Detected variables">
      <thead>
        <tr>
          <Th>Variable</Th>
          <Th>Required</Th>
          <Th>Default</Th>
          <Th>Example</Th>
        </tr>
      </thead>
      <tbody>
        {variables.map((v, i) => (
          <tr key={v.name}>
            <Td className="font-mono text-sm">
              {v.name}
              {savedNames.includes(v.name) ? null : (
                <Badge tone="amber" className="ml-2 font-sans">
                  new
                </Badge>
              )}
            </Td>
            <Td>
              <input
                type="checkbox"
                aria-label={`${v.name} is required`}
                className="size-4 accent-brand"
                checked={v.required}
                onChange={(e) => update(i, { required: e.target.checked })}
              />
            </Td>
            <Td>
              <Input
                aria-label={`Default for ${v.name}`}
                value={v.default ?? ""}
                onChange={(e) => update(i, { default: e.target.value || undefined })}
              />
            </Td>
            <Td>
              <Input
                aria-label={`Example for ${v.name}`}
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
