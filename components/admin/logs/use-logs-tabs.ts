// The send log's two tabs named in the console's language (the logs page, a user's page).
import { useTranslations } from "next-intl";
import { useMemo } from "react";
import { logsTabs, type LogsTab } from "./url-state";

export function useLogsTabs(): { value: LogsTab; label: string }[] {
  const t = useTranslations("logs.tabs");
  return useMemo(() => logsTabs.map((value) => ({ value, label: t(value) })), [t]);
}
