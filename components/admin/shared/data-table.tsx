"use client";
// A TanStack Table (v8) over the shared Table/Th/Td: server-side paging (the API pages by cursor),
// rows that open a detail view by click or keyboard.
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import { Table, Td, Th } from "@/components/ui/table";
import { cn } from "@/components/ui/cn";

export function DataTable<T>({
  data,
  columns,
  onOpen,
  rowLabel,
  caption,
}: {
  data: T[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column values are heterogeneous
  columns: ColumnDef<T, any>[];
  onOpen?: (row: T) => void;
  rowLabel?: (row: T) => string;
  caption: string;
}) {
  // TanStack Table v8 returns fresh functions each render: the React Compiler skips this component (by design).
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), manualPagination: true });
  return (
    <Table>
      <caption className="sr-only">{caption}</caption>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <Th key={header.id}>
                {header.isPlaceholder
                  ? null
                  : flexRender(header.column.columnDef.header, header.getContext())}
              </Th>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr
            key={row.id}
            tabIndex={onOpen ? 0 : undefined}
            aria-label={onOpen && rowLabel ? rowLabel(row.original) : undefined}
            onClick={onOpen ? () => onOpen(row.original) : undefined}
            onKeyDown={
              onOpen
                ? (e) => {
                    if (e.key === "Enter" || e.key === " ") {
                      e.preventDefault();
                      onOpen(row.original);
                    }
                  }
                : undefined
            }
            className={cn(
              onOpen &&
                "cursor-pointer hover:bg-slate-50 focus-visible:bg-indigo-50 focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand dark:hover:bg-slate-800/60 dark:focus-visible:bg-indigo-950/40",
            )}
          >
            {row.getVisibleCells().map((cell) => (
              <Td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</Td>
            ))}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
