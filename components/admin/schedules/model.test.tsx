import { createTranslator } from "next-intl";
import { describe, expect, it } from "vitest";
import messages from "@/messages/en/schedules.json";
import { errorAt } from "@/components/admin/shared/form-errors";
import {
  bodyOf,
  describeRepeat,
  emptyScheduleForm,
  formOf,
  scheduleResolver,
  type ScheduleForm,
} from "./model";

const resolve = (form: ScheduleForm) =>
  scheduleResolver(form, undefined, { fields: {}, shouldUseNativeValidation: false });
const form = (over: Partial<ScheduleForm>): ScheduleForm => ({
  ...emptyScheduleForm,
  workflow: "daily.summary",
  name: "Morning",
  to: "alice\nbob, carol",
  ...over,
});

describe("the schedule form, checked as POST /schedules checks its body", () => {
  it("makes the request the API takes", async () => {
    const weekly = form({ mode: "weekly", days: ["mon", "fri"], at: "08:30", payload: '{"kind":"summary"}' });
    expect(bodyOf(weekly)).toEqual({
      workflow: "daily.summary",
      name: "Morning",
      to: ["alice", "bob", "carol"],
      payload: { kind: "summary" },
      repeat: { frequency: "weekly", at: "08:30", days: ["mon", "fri"], timezone: "recipient" },
    });
    expect((await resolve(weekly)).errors).toEqual({});
  });

  it("names the fields as the API does", async () => {
    const { errors } = await resolve(form({ to: "", at: "", timezone: "Mars/Olympus", payload: "[1]" }));
    expect(errorAt(errors, "to")).toBe("must name at least one user");
    expect(errorAt(errors, "repeat.timezone")).toMatch(/IANA time zone/);
    expect(errorAt(errors, "payload")).toMatch(/JSON object/);
    const rrule = await resolve(form({ mode: "rrule", rrule: "FREQ=MINUTELY" }));
    expect(errorAt(rrule.errors, "repeat.rrule")).toMatch(/at most hourly/);
  });

  it("reads a saved schedule back into the same form", () => {
    const saved = {
      id: "0",
      name: "Morning",
      workflow: "daily.summary",
      to: ["alice", "bob"],
      recipient_count: 2,
      payload: {},
      repeat: { frequency: "monthly" as const, at: "07:00", day_of_month: -1, timezone: "Europe/London" },
      status: "active" as const,
      slots: [],
      next_fires: [],
      created_at: "2026-01-01T00:00:00Z",
      updated_at: "2026-01-01T00:00:00Z",
    };
    const f = formOf(saved);
    expect(f).toMatchObject({
      mode: "monthly",
      dayOfMonth: "-1",
      timezone: "Europe/London",
      to: "alice\nbob",
    });
    expect(bodyOf(f).repeat).toEqual(saved.repeat);
    const t = createTranslator({
      locale: "en",
      messages: { schedules: messages },
      namespace: "schedules.repeat",
    });
    expect(describeRepeat(saved.repeat, t)).toBe("Monthly on the last day at 07:00 (Europe/London)");
  });
});
