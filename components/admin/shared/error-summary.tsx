"use client";
// The alert above an editor a save was refused by: how many problems, and those no input shows.
import { useTranslations } from "next-intl";

export function ErrorSummary({
  count,
  unplaced,
}: {
  count: number;
  /** Errors with no input of their own to sit under, listed by field. */
  unplaced: { field: string; message: string }[];
}) {
  const t = useTranslations("console.editor");
  if (count === 0) return null;
  return (
    <div
      role="alert"
      className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200"
    >
      <p className="font-medium">{t("problems", { count })}</p>
      {unplaced.length > 0 ? (
        <ul className="mt-1 list-disc pl-5">
          {unplaced.map((e) => (
            <li key={e.field}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
