"use client";
// Timestamps for the console's pages in the reader's language (the shared formatTime predates the
// translation and formats in the browser's own locale).
import { useLocale } from "next-intl";
import { useCallback } from "react";

/** The shared formatTime's fields, so a translated page shows the same shape of time. */
const FIELDS: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
};

/** A timestamp in the active locale and the browser's time zone; "—" for none. */
export function useFormatTime(): (iso: string | null | undefined) => string {
  const locale = useLocale();
  return useCallback(
    (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(locale, FIELDS) : "—"),
    [locale],
  );
}
