"use client";
// The "Load more" button under a cursor-paged list (a TanStack infinite query).
import { useTranslations } from "next-intl";
import { Button } from "./button";

export function LoadMore({
  hasNextPage,
  isFetchingNextPage,
  fetchNextPage,
}: {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}) {
  const t = useTranslations("common");
  if (!hasNextPage) return null;
  return (
    <div className="flex justify-center">
      <Button onClick={() => fetchNextPage()} disabled={isFetchingNextPage}>
        {isFetchingNextPage ? t("loading") : t("loadMore")}
      </Button>
    </div>
  );
}
