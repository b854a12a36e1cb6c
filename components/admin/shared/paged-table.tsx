"use client";
// An offset-paged list's body: loading, failed, empty, or the rows with the page navigation under.
import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { DataTable } from "./data-table";
import { PageNav } from "./page-nav";

type Paged = { page: number; total_pages: number; total: number };

export function PagedTable<T>({
  query,
  rows,
  empty,
  noun,
  onPage,
  ...table
}: {
  query: { data?: Paged; isError: boolean; error: unknown; isFetching: boolean; refetch: () => unknown };
  rows: T[] | undefined;
  /** The empty state's title and text. */
  empty: { title: string; text: ReactNode };
  /** Plural, for the count: "workflows". */
  noun: string;
  onPage: (page: number) => void;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column values are heterogeneous
  columns: ColumnDef<T, any>[];
  caption: string;
  onOpen?: (row: T) => void;
  rowLabel?: (row: T) => string;
}) {
  const data = query.data;
  if (query.isError && !data) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!data || !rows) return <Skeleton className="h-48 w-full" />;
  return (
    <>
      {rows.length === 0 ? (
        <EmptyState title={empty.title}>{empty.text}</EmptyState>
      ) : (
        <div aria-busy={query.isFetching}>
          <DataTable data={rows} {...table} />
        </div>
      )}
      <PageNav
        page={data.page}
        totalPages={data.total_pages}
        total={data.total}
        noun={noun}
        onPage={onPage}
      />
    </>
  );
}
