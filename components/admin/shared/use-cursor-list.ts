"use client";
// A keyset-paged API list as an infinite query: "Load more" follows next_cursor; polling refetches
// the loaded pages so new rows appear at the top while the page is open.
import { useInfiniteQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/http/api-client";

export function useCursorList<T, K extends string>(
  path: string,
  key: K,
  query: Record<string, unknown>,
  opts: {
    pageSize?: number;
    refetchInterval?: number | false;
    enabled?: boolean;
    /** Ask for the first page by keyset too (GET /notifications otherwise pages by offset and counts). */
    keysetFromStart?: boolean;
  } = {},
) {
  const result = useInfiniteQuery({
    queryKey: [path, query],
    queryFn: ({ pageParam }) =>
      apiFetch<Record<K, T[]> & { next_cursor: string | null }>(
        // An empty cursor means "the first page, by keyset"; withQuery drops empty values, so it goes in the path.
        pageParam === undefined && opts.keysetFromStart ? `${path}?cursor=` : path,
        { query: { ...query, page_size: opts.pageSize ?? 25, cursor: pageParam } },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    refetchInterval: opts.refetchInterval ?? false,
    enabled: opts.enabled ?? true,
  });
  const rows = result.data?.pages.flatMap((p) => p[key]) ?? [];
  return { ...result, rows };
}
