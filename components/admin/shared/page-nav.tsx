"use client";
// Previous/next under an offset-paged list (`{page, total_pages, total}`), with the count.
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";

export function PageNav({
  page,
  totalPages,
  total,
  noun,
  onPage,
}: {
  page: number;
  totalPages: number;
  total: number;
  /** Plural, e.g. "workflows". */
  noun: string;
  onPage: (page: number) => void;
}) {
  const t = useTranslations("console");
  if (totalPages <= 1)
    return <p className="text-sm text-slate-600 dark:text-slate-300">{t("pages.count", { total, noun })}</p>;
  return (
    <nav aria-label={t("pages.label")} className="flex items-center justify-between gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-300">
        {t("pages.pageOf", { page, totalPages, total, noun })}
      </span>
      <div className="flex gap-2">
        <Button size="sm" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          {t("actions.previous")}
        </Button>
        <Button size="sm" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
          {t("actions.next")}
        </Button>
      </div>
    </nav>
  );
}
