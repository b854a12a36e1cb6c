"use client";
// How an announcement's status and audience read, in the admin's language.
import { useTranslations } from "next-intl";
import { useCallback } from "react";
import type { AnnouncementJson, Audience } from "./model";

export function useAnnouncementLabels() {
  const t = useTranslations("announcements");
  /** "Published", or "Expired" for a published one past its expiry (users no longer see it). */
  const status = useCallback(
    (a: Pick<AnnouncementJson, "status" | "is_active">) =>
      a.status === "published" && !a.is_active ? t("status.expired") : t(`status.${a.status}`),
    [t],
  );
  const audience = useCallback(
    (value: Audience) => {
      if ("user_ids" in value)
        return value.user_ids.length <= 3
          ? value.user_ids.join(", ")
          : t("audience.someMore", {
              names: value.user_ids.slice(0, 2).join(", "),
              count: value.user_ids.length - 2,
            });
      if ("roles" in value) return t("audience.roles", { roles: value.roles.join(", ") });
      return t("audience.everyone");
    },
    [t],
  );
  return { status, audience };
}
