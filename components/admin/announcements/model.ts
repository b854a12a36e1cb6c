// What the announcement screens share: the API shapes (types from the serializers) and how a status,
// a severity and an audience are shown.
import type { AnnouncementJson } from "@/lib/announcements/serialize";
import type { AnnouncementStats } from "@/lib/announcements/stats";

export type { AnnouncementJson, AnnouncementStats };
export type AnnouncementPage = {
  announcements: AnnouncementJson[];
  total: number;
  page: number;
  page_size: number;
  total_pages: number;
};
export type Audience = AnnouncementJson["audience"];
export type Status = AnnouncementJson["status"];

export const statusTone = {
  draft: "slate",
  scheduled: "blue",
  published: "green",
  archived: "amber",
} as const satisfies Record<Status, string>;

export const severityTone = { info: "blue", warning: "amber", critical: "red" } as const;

/** "Published", or "Expired" for a published one past its expiry (users no longer see it). */
export function statusLabel(a: Pick<AnnouncementJson, "status" | "is_active">): string {
  if (a.status === "published" && !a.is_active) return "Expired";
  return capitalize(a.status);
}

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function describeAudience(audience: Audience): string {
  if ("user_ids" in audience)
    return audience.user_ids.length <= 3
      ? audience.user_ids.join(", ")
      : `${audience.user_ids.slice(0, 2).join(", ")} and ${audience.user_ids.length - 2} more`;
  if ("roles" in audience) return `Role: ${audience.roles.join(", ")}`;
  return "Everyone";
}

export const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");
