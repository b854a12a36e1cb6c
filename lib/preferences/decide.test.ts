import { describe, expect, it } from "vitest";
import {
  notificationChannels,
  notificationTypes,
  type NotificationChannel,
  type NotificationPriority,
} from "../db/schema";
import { DEFAULT_PREFERENCES, decide, doNotDisturbEnd, type UserPreferences } from "./decide";

const prefs = (over: Partial<UserPreferences> = {}): UserPreferences => ({ ...DEFAULT_PREFERENCES, ...over });
const info = (priority: NotificationPriority = "normal") => ({ type: "info" as const, priority });
const at = (iso: string) => new Date(iso);
const night = { start: "22:00", end: "07:30" };

describe("decide: channels", () => {
  it("sends everything with no preferences at all", () => {
    for (const c of notificationChannels)
      expect(decide(null, info(), c, at("2026-06-01T12:00:00Z"))).toEqual({ action: "send", silent: false });
  });

  it("type × channel matrix: per-type choices and global opt-outs; in-app always stored", () => {
    const p = prefs({
      channelsByType: { info: ["app"], system: ["app", "email"], warning: ["email", "sms", "push"] },
      disabledChannels: ["sms"],
    });
    // error has no entry: every channel but the globally disabled sms.
    const expected: Record<string, Record<NotificationChannel, string>> = {
      system: {
        app: "send",
        email: "send",
        sms: "channel_disabled",
        push: "not_chosen_for_type",
        wechat: "not_chosen_for_type",
        chat: "not_chosen_for_type",
      },
      info: {
        app: "send",
        email: "not_chosen_for_type",
        sms: "channel_disabled",
        push: "not_chosen_for_type",
        wechat: "not_chosen_for_type",
        chat: "not_chosen_for_type",
      },
      warning: {
        app: "send",
        email: "send",
        sms: "channel_disabled",
        push: "send",
        wechat: "not_chosen_for_type",
        chat: "not_chosen_for_type",
      },
      error: {
        app: "send",
        email: "send",
        sms: "channel_disabled",
        push: "send",
        wechat: "send",
        chat: "send",
      },
    };
    const now = at("2026-06-01T12:00:00Z");
    for (const type of notificationTypes) {
      for (const channel of notificationChannels) {
        const d = decide(p, { type, priority: "normal" }, channel, now);
        const got = d.action === "skip" ? d.reason : d.action;
        expect(got, `${type} × ${channel}`).toBe(expected[type]![channel]);
      }
    }
  });

  it("urgent does not override the user's own opt-outs", () => {
    const p = prefs({ channelsByType: { info: ["app"] }, disabledChannels: ["email"] });
    expect(decide(p, info("urgent"), "email", at("2026-06-01T12:00:00Z"))).toMatchObject({
      action: "skip",
      reason: "channel_disabled",
    });
    expect(decide(p, info("urgent"), "sms", at("2026-06-01T12:00:00Z"))).toMatchObject({
      action: "skip",
      reason: "not_chosen_for_type",
    });
  });
});

describe("decide: a workflow's steps", () => {
  const now = at("2026-06-01T12:00:00Z");
  const step = (critical = false) => ({
    ...info(),
    workflow: { key: "comment.created", category: "comments", critical },
  });
  const outcome = (p: UserPreferences, channel: NotificationChannel, critical = false) => {
    const d = decide(p, step(critical), channel, now);
    return d.action === "skip" ? d.reason : d.action;
  };

  it("a workflow turned off sends nothing, in-app included; its channel list limits it", () => {
    const off = prefs({ workflows: { "comment.created": { enabled: false } } });
    for (const c of notificationChannels) expect(outcome(off, c)).toBe("workflow_disabled");
    const appAndEmail = prefs({ categories: { comments: { enabled: true, channels: ["app", "email"] } } });
    expect(notificationChannels.map((c) => outcome(appAndEmail, c))).toEqual([
      "send",
      "send",
      "not_chosen_for_workflow",
      "not_chosen_for_workflow",
      "not_chosen_for_workflow",
      "not_chosen_for_workflow",
    ]);
    // A notification sent without a workflow ignores both maps.
    expect(decide(off, info(), "email", now)).toEqual({ action: "send", silent: false });
  });

  it("a critical workflow reaches the user whatever they chose, loudly, in quiet hours too", () => {
    const p = prefs({
      workflows: { "comment.created": { enabled: false } },
      disabledChannels: ["email"],
      muteUntil: at("2026-06-01T18:00:00Z"),
      doNotDisturb: { start: "11:00", end: "13:00" },
    });
    for (const c of notificationChannels) {
      expect(outcome(p, c, true)).toBe("send");
      expect(decide(p, step(true), c, now)).toEqual({ action: "send", silent: false });
    }
  });
});

describe("decide: mute", () => {
  const p = prefs({ muteUntil: at("2026-06-01T18:00:00Z") });
  it("muted: in-app stored silently, external channels skipped, even urgent ones", () => {
    const now = at("2026-06-01T12:00:00Z");
    expect(decide(p, info(), "app", now)).toEqual({ action: "send", silent: true });
    expect(decide(p, info(), "email", now)).toEqual({ action: "skip", reason: "muted", silent: true });
    expect(decide(p, info("urgent"), "push", now)).toEqual({ action: "skip", reason: "muted", silent: true });
  });
  it("mute ends at mute_until", () => {
    const now = at("2026-06-01T18:00:00Z");
    expect(decide(p, info(), "app", now)).toEqual({ action: "send", silent: false });
    expect(decide(p, info(), "email", now)).toEqual({ action: "send", silent: false });
  });
});

describe("decide: do-not-disturb", () => {
  const berlin = prefs({ doNotDisturb: night, timezone: "Europe/Berlin" });

  it("defers non-urgent external channels to the window's end, across midnight (before and after it)", () => {
    // 23:00 Berlin (summer, UTC+2) → ends 07:30 next morning = 05:30Z.
    expect(decide(berlin, info(), "email", at("2026-06-01T21:00:00Z"))).toEqual({
      action: "defer",
      until: at("2026-06-02T05:30:00Z"),
      silent: true,
    });
    // 03:00 Berlin → ends 07:30 the same morning.
    expect(decide(berlin, info("high"), "sms", at("2026-06-02T01:00:00Z"))).toEqual({
      action: "defer",
      until: at("2026-06-02T05:30:00Z"),
      silent: true,
    });
    // In-app is stored and shown at once, without a live alert.
    expect(decide(berlin, info(), "app", at("2026-06-02T01:00:00Z"))).toEqual({
      action: "send",
      silent: true,
    });
  });

  it("the window's edges: start is inside, end is outside", () => {
    expect(decide(berlin, info(), "email", at("2026-06-01T20:00:00Z")).action).toBe("defer"); // 22:00
    expect(decide(berlin, info(), "email", at("2026-06-01T19:59:00Z")).action).toBe("send"); // 21:59
    expect(decide(berlin, info(), "email", at("2026-06-02T05:29:00Z")).action).toBe("defer"); // 07:29
    expect(decide(berlin, info(), "email", at("2026-06-02T05:30:00Z"))).toEqual({
      action: "send",
      silent: false,
    });
  });

  it("a window within one day", () => {
    const lunch = prefs({ doNotDisturb: { start: "12:00", end: "13:00" }, timezone: "UTC" });
    expect(decide(lunch, info(), "push", at("2026-06-01T12:30:00Z"))).toMatchObject({
      action: "defer",
      until: at("2026-06-01T13:00:00Z"),
    });
    expect(decide(lunch, info(), "push", at("2026-06-01T23:30:00Z")).action).toBe("send");
  });

  it("urgent goes through, and is not silent", () => {
    const now = at("2026-06-01T21:00:00Z");
    expect(decide(berlin, info("urgent"), "email", now)).toEqual({ action: "send", silent: false });
    expect(decide(berlin, info("urgent"), "app", now)).toEqual({ action: "send", silent: false });
  });

  it("is read in the user's zone: the same instant is night in Shanghai and afternoon in Los Angeles", () => {
    const now = at("2026-01-15T15:00:00Z"); // 23:00 Shanghai, 07:00 Los Angeles
    const shanghai = prefs({ doNotDisturb: night, timezone: "Asia/Shanghai" });
    const la = prefs({ doNotDisturb: { start: "22:00", end: "06:30" }, timezone: "America/Los_Angeles" });
    expect(decide(shanghai, info(), "email", now)).toMatchObject({
      action: "defer",
      until: at("2026-01-15T23:30:00Z"), // 07:30 Shanghai (UTC+8)
    });
    expect(decide(la, info(), "email", now)).toEqual({ action: "send", silent: false });
    // And at 14:00Z it is 06:00 in LA: inside its window, ending 06:30 local = 14:30Z.
    expect(decide(la, info(), "email", at("2026-01-15T14:00:00Z"))).toMatchObject({
      action: "defer",
      until: at("2026-01-15T14:30:00Z"),
    });
  });

  describe("DST changes", () => {
    it("Europe/Berlin spring forward (2026-03-29, 02:00 → 03:00): the end is 07:30 summer time", () => {
      // 00:00 CET on the 29th; a fixed +1 h would say 06:30Z.
      expect(doNotDisturbEnd(night, "Europe/Berlin", at("2026-03-28T23:00:00Z"))).toEqual(
        at("2026-03-29T05:30:00Z"),
      );
      // Entered the evening before, in winter time: still ends 07:30 summer time.
      expect(doNotDisturbEnd(night, "Europe/Berlin", at("2026-03-28T21:30:00Z"))).toEqual(
        at("2026-03-29T05:30:00Z"),
      );
    });

    it("Europe/Berlin fall back (2026-10-25, 03:00 → 02:00): the end is 07:30 winter time", () => {
      expect(doNotDisturbEnd(night, "Europe/Berlin", at("2026-10-24T22:00:00Z"))).toEqual(
        at("2026-10-25T06:30:00Z"),
      );
    });

    it("America/New_York spring forward (2026-03-08) and fall back (2026-11-01)", () => {
      const ny = { start: "22:00", end: "07:00" };
      expect(doNotDisturbEnd(ny, "America/New_York", at("2026-03-08T05:00:00Z"))).toEqual(
        at("2026-03-08T11:00:00Z"),
      );
      expect(doNotDisturbEnd(ny, "America/New_York", at("2026-11-01T04:00:00Z"))).toEqual(
        at("2026-11-01T12:00:00Z"),
      );
      // Through decide: a normal email at 00:00 EST on the spring-forward day waits until 07:00 EDT.
      expect(
        decide(
          prefs({ doNotDisturb: ny, timezone: "America/New_York" }),
          info(),
          "email",
          at("2026-03-08T05:00:00Z"),
        ),
      ).toMatchObject({ action: "defer", until: at("2026-03-08T11:00:00Z") });
    });

    it("an end time inside the spring-forward gap ends at the same wall time after the jump", () => {
      // 02:30 does not exist in Berlin on 2026-03-29: the window ends at 03:30 CEST = 01:30Z.
      const w = { start: "23:00", end: "02:30" };
      expect(doNotDisturbEnd(w, "Europe/Berlin", at("2026-03-28T23:30:00Z"))).toEqual(
        at("2026-03-29T01:30:00Z"),
      );
    });

    it("an end time that happens twice (fall back) ends the window the first time", () => {
      // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET) in Berlin on 2026-10-25.
      const w = { start: "23:00", end: "02:30" };
      expect(doNotDisturbEnd(w, "Europe/Berlin", at("2026-10-24T22:00:00Z"))).toEqual(
        at("2026-10-25T00:30:00Z"),
      );
      // Between the two 02:30s the wall clock is back inside the window: until the second one.
      expect(doNotDisturbEnd(w, "Europe/Berlin", at("2026-10-25T01:10:00Z"))).toEqual(
        at("2026-10-25T01:30:00Z"),
      );
    });
  });

  it("no window, an empty window, or an unknown zone never defers", () => {
    const now = at("2026-06-01T23:00:00Z");
    expect(doNotDisturbEnd(null, "UTC", now)).toBeNull();
    expect(doNotDisturbEnd({ start: "22:00", end: "22:00" }, "UTC", now)).toBeNull();
    expect(doNotDisturbEnd(night, "Mars/Olympus_Mons", now)).toBeNull();
  });

  it("mute wins over do-not-disturb: skipped, not deferred", () => {
    const p = prefs({ doNotDisturb: night, timezone: "UTC", muteUntil: at("2026-06-03T00:00:00Z") });
    expect(decide(p, info(), "email", at("2026-06-01T23:00:00Z"))).toMatchObject({
      action: "skip",
      reason: "muted",
    });
  });
});
