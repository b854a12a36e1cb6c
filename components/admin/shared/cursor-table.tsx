"use client";
// A cursor-paged list (useCursorList) as a table: its error, loading and empty states, the rows,
// and "Load more" while there is a next page.
import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { LoadMore } from "@/components/ui/load-more";
import { EmptyState, ErrorState, Skeleton } from "@/components/ui/misc";
import { DataTable } from "./data-table";

type CursorList<T> = {
  rows: T[];
  error: unknown;
  isLoading: boolean;
  refetch: () => unknown;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
};

export function CursorTable<T>({
  list,
  caption,
  columns,
  empty,
  onOpen,
  rowLabel,
}: {
  list: CursorList<T>;
  caption: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- TanStack's column values are heterogeneous
  columns: ColumnDef<T, any>[];
  empty: { title: string; text?: ReactNode };
  onOpen?: (row: T) => void;
  rowLabel?: (row: T) => string;
}) {
  return (
    <>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : list.isLoading ? (
        <Skeleton className="h-48" />
      ) : list.rows.length === 0 ? (
        <EmptyState title={empty.title}>{empty.text}</EmptyState>
      ) : (
        <DataTable caption={caption} data={list.rows} columns={columns} onOpen={onOpen} rowLabel={rowLabel} />
      )}
      <LoadMore
        hasNextPage={list.hasNextPage}
        isFetchingNextPage={list.isFetchingNextPage}
        fetchNextPage={list.fetchNextPage}
      />
    </>
  );
}
