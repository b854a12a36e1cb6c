// What the announcement screens share: the API shapes (types from the serializers), the tones of a
// status and a severity, and the editor's inputs <-> request body mapping (labels.ts words them).
import { announcementCreateSchema, announcementUpdateSchema } from "@/lib/announcements/schema";
import type { AnnouncementJson } from "@/lib/announcements/serialize";
import type { AnnouncementStats } from "@/lib/announcements/stats";
import { localToRfc3339, rfc3339ToLocal } from "@/components/admin/shared/recipients";
import { requestResolver } from "@/components/admin/shared/request-resolver";

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

/** The editor's inputs, named as the request's fields so the API's errors land under them. */
export type AnnouncementForm = {
  title: string;
  content: string;
  type: AnnouncementJson["type"];
  severity: AnnouncementJson["severity"];
  audience: Audience;
  /** A datetime-local value in the admin's zone; "" for none. */
  publish_at: string;
  /** A datetime-local value in the admin's zone; "" for none. */
  expires_at: string;
  pinned: boolean;
  channels: AnnouncementJson["channels"];
};

type Saved = Pick<AnnouncementJson, "status" | "channels">;

export function announcementFormOf(a?: AnnouncementJson): AnnouncementForm {
  if (!a)
    return {
      title: "",
      content: "",
      type: "notice",
      severity: "info",
      audience: { all: true },
      publish_at: "",
      expires_at: "",
      pinned: false,
      channels: [],
    };
  return {
    title: a.title,
    content: a.content,
    type: a.type,
    severity: a.severity,
    audience: a.audience,
    publish_at: rfc3339ToLocal(a.publish_at),
    expires_at: rfc3339ToLocal(a.expires_at),
    pinned: a.pinned,
    channels: [...a.channels],
  };
}

/** The create (no saved one) or update request the inputs make. */
export function announcementBodyOf(form: AnnouncementForm, saved?: Saved) {
  const isPublished = saved?.status === "published";
  return {
    title: form.title,
    content: form.content,
    type: form.type,
    severity: form.severity,
    audience: form.audience,
    // A published announcement's publish_at is history: it cannot change.
    ...(isPublished ? {} : { publish_at: localToRfc3339(form.publish_at) }),
    expires_at: localToRfc3339(form.expires_at),
    pinned: form.pinned,
    // Sent only when chosen (so this works whether or not extra channels are enabled), and never
    // once published, when they can no longer change.
    ...(!isPublished && (form.channels.length > 0 || (saved?.channels.length ?? 0) > 0)
      ? { channels: form.channels }
      : {}),
  };
}

/** The inputs checked as the create or update endpoint checks the body they make. */
export const announcementResolver = (saved?: Saved) =>
  requestResolver(saved ? announcementUpdateSchema : announcementCreateSchema, (form: AnnouncementForm) =>
    announcementBodyOf(form, saved),
  );
