// The console's dates and numbers in its active language (next-intl's locale), never the server's.
import { useLocale } from "next-intl";
import { useCallback } from "react";
import { formatTime } from "./format";

/** formatTime bound to the console's locale. */
export function useFormatTime(): (iso: string | null | undefined) => string {
  const locale = useLocale();
  return useCallback((iso) => formatTime(iso, locale), [locale]);
}
