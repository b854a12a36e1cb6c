// The schedules pages' model: the API's shapes, and the form checked by the API's own request
// schema (the repeat's rules live there once), with the form's text fields turned into a request.
import type { z } from "zod";
import { scheduleWeekdays, type ScheduleWeekday } from "@/lib/vocabulary/schedules";
import { RECIPIENT_ZONE, scheduleCreateSchema } from "@/lib/schedules/schema";
import type { scheduleSchema, scheduleSummarySchema } from "@/lib/schedules/serialize";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { parseMetadata, parsePastedIds } from "@/components/admin/shared/recipients";

export type ScheduleJson = z.input<typeof scheduleSchema>;
export type ScheduleSummary = z.input<typeof scheduleSummarySchema>;
export type SchedulePage = { schedules: ScheduleSummary[]; total: number; page: number; total_pages: number };

export const SCHEDULES_API = "/api/v1/schedules";
export const schedulePath = (id: string) => `${SCHEDULES_API}/${encodeURIComponent(id)}`;
export const WEEKDAYS = scheduleWeekdays;

export type RepeatMode = "daily" | "weekly" | "monthly" | "rrule";

export type ScheduleForm = {
  workflow: string;
  name: string;
  /** User ids, one per line or separated by commas or spaces. */
  to: string;
  /** The payload as JSON text. */
  payload: string;
  mode: RepeatMode;
  at: string;
  days: ScheduleWeekday[];
  dayOfMonth: string;
  rrule: string;
  /** "recipient", or an IANA zone. */
  timezone: string;
};

export const emptyScheduleForm: ScheduleForm = {
  workflow: "",
  name: "",
  to: "",
  payload: "{}",
  mode: "daily",
  at: "09:00",
  days: ["mon"],
  dayOfMonth: "1",
  rrule: "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0",
  timezone: RECIPIENT_ZONE,
};

/** The recipients typed: the pasted-ids parser's, with invalid ones kept for the request schema to name. */
export function idsOf(text: string): string[] {
  const parsed = parsePastedIds(text);
  return [...parsed.ids, ...parsed.invalid];
}

function repeatOf(form: ScheduleForm) {
  const timezone = form.timezone.trim() || RECIPIENT_ZONE;
  if (form.mode === "rrule") return { rrule: form.rrule, timezone };
  const base = { frequency: form.mode, at: form.at, timezone };
  if (form.mode === "weekly") return { ...base, days: form.days };
  if (form.mode === "monthly") return { ...base, day_of_month: Number(form.dayOfMonth) };
  return base;
}

/** The POST/PUT body the form makes (an unparsable payload is left for the resolver to name). */
export function bodyOf(form: ScheduleForm) {
  const payload = parseMetadata(form.payload);
  return {
    workflow: form.workflow.trim(),
    name: form.name,
    to: idsOf(form.to),
    payload: "value" in payload ? payload.value : {},
    repeat: repeatOf(form),
  };
}

export function formOf(s: ScheduleJson): ScheduleForm {
  const r = s.repeat;
  return {
    workflow: s.workflow,
    name: s.name,
    to: s.to.join("\n"),
    payload: JSON.stringify(s.payload, null, 2),
    mode: r.rrule !== undefined ? "rrule" : (r.frequency ?? "daily"),
    at: r.at ?? emptyScheduleForm.at,
    days: (r.days as ScheduleWeekday[] | undefined) ?? emptyScheduleForm.days,
    dayOfMonth: String(r.day_of_month ?? 1),
    rrule: r.rrule ?? emptyScheduleForm.rrule,
    timezone: r.timezone,
  };
}

export const scheduleResolver = requestResolver<ScheduleForm>(scheduleCreateSchema, bodyOf, (form, add) => {
  const payload = parseMetadata(form.payload);
  if ("error" in payload) add("payload", payload.error);
});

/** The catalogue's `schedules.repeat` messages a repeat is worded with (next-intl's `t`). */
export type RepeatWords = (
  key:
    | "recipientZone"
    | "rule"
    | "at"
    | "daily"
    | "monthlyLastDay"
    | "monthlyOnDay"
    | `weekdays.${ScheduleWeekday}`,
  values?: Record<string, string | number>,
) => string;

/** How a repeat reads in the list: "Daily at 09:00", "Monday, Friday at 08:30", or the rule itself. */
export function describeRepeat(r: ScheduleSummary["repeat"], t: RepeatWords): string {
  const zone = r.timezone === RECIPIENT_ZONE ? t("recipientZone") : r.timezone;
  if (r.rrule !== undefined) return t("rule", { rule: r.rrule, zone });
  const when =
    r.frequency === "weekly"
      ? (r.days ?? []).map((d) => t(`weekdays.${d as ScheduleWeekday}`)).join(", ")
      : r.frequency === "monthly"
        ? r.day_of_month === -1
          ? t("monthlyLastDay")
          : t("monthlyOnDay", { day: r.day_of_month ?? 1 })
        : t("daily");
  return t("at", { when, at: r.at ?? "", zone });
}
