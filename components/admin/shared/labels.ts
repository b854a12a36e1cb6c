// The console's names for the API's values (statuses, channels, priorities, types, attempt outcomes)
// in the reader's language; a value the catalogue does not know is shown as the API spells it.
import { useTranslations } from "next-intl";
import { useCallback, useMemo } from "react";

export type LabelGroup = "status" | "channel" | "priority" | "type" | "outcome";

export function useLabels() {
  const t = useTranslations("console");
  const label = useCallback(
    (group: LabelGroup, value: string | null | undefined): string => {
      if (!value) return "";
      const key = `${group}.${value}` as Parameters<typeof t>[0];
      return t.has(key) ? t(key) : value;
    },
    [t],
  );
  return useMemo(
    () => ({
      label,
      status: (v: string | null | undefined) => label("status", v),
      channel: (v: string | null | undefined) => label("channel", v),
      priority: (v: string | null | undefined) => label("priority", v),
      type: (v: string | null | undefined) => label("type", v),
      outcome: (v: string | null | undefined) => label("outcome", v),
      channels: (vs: readonly string[]) => vs.map((v) => label("channel", v)).join(t("listSeparator")),
    }),
    [label, t],
  );
}
