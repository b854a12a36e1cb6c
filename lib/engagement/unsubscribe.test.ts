import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnv } from "../env";
import type { PreferencesJson } from "../preferences/store";
import {
  listUnsubscribeHeaders,
  readUnsubscribeToken,
  unsubscribeChange,
  unsubscribeToken,
} from "./unsubscribe";

const prefs = (over: Partial<PreferencesJson> = {}): PreferencesJson => ({
  user_id: "u",
  channels: {},
  disabled_channels: [],
  do_not_disturb: null,
  timezone: null,
  effective_timezone: "UTC",
  mute_until: null,
  is_muted: false,
  workflows: {},
  categories: {},
  updated_at: null,
  ...over,
});
const claim = {
  tenantId: "6f1c2b5e-8a4d-4c3e-9f00-0a1b2c3d4e5f",
  userId: "7a1c2b5e-8a4d-4c3e-9f00-0a1b2c3d4e5f",
};

describe("unsubscribe links", () => {
  beforeAll(() => {
    Object.assign(process.env, {
      APP_SECRET: "unit-app-secret-0123456789abcdef0123",
      APP_URL: "https://h.example",
    });
    resetEnv();
  });
  afterAll(() => {
    for (const k of ["APP_SECRET", "APP_URL", "LIST_UNSUBSCRIBE_MAILTO"]) delete process.env[k];
    resetEnv();
  });

  it("a token carries tenant, user and target, and reads back only untouched", () => {
    for (const target of [{ type: "info" as const }, { workflow: "digest.weekly", category: "digests" }]) {
      const token = unsubscribeToken({ ...claim, target });
      expect(readUnsubscribeToken(token)).toEqual({ ...claim, target });
      expect(readUnsubscribeToken(`x${token}`)).toBeNull();
    }
  });

  it("headers: the one-click link, and the operator's mailbox when set", () => {
    const token = unsubscribeToken({ ...claim, target: { type: "info" } });
    expect(listUnsubscribeHeaders(token)).toEqual({
      "List-Unsubscribe": `<https://h.example/u/${token}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    });
    process.env.LIST_UNSUBSCRIBE_MAILTO = "unsubscribe@h.example";
    resetEnv();
    expect(listUnsubscribeHeaders(token)["List-Unsubscribe"]).toBe(
      `<https://h.example/u/${token}>, <mailto:unsubscribe@h.example?subject=unsubscribe%20${token}>`,
    );
  });

  it("a type loses email from its channels (every channel when it had no entry); already off: no change", () => {
    expect(unsubscribeChange(prefs(), { type: "info" })).toEqual({
      channels: { info: ["app", "sms", "push", "wechat", "chat"] },
    });
    expect(
      unsubscribeChange(prefs({ channels: { info: ["app", "email"], system: ["app"] } }), { type: "info" }),
    ).toEqual({
      channels: { info: ["app"], system: ["app"] },
    });
    expect(unsubscribeChange(prefs({ channels: { info: ["app"] } }), { type: "info" })).toBeNull();
    expect(unsubscribeChange(prefs({ disabled_channels: ["email"] }), { type: "info" })).toBeNull();
  });

  it("a workflow's own choice, else its category's, is narrowed and saved as the workflow's", () => {
    const target = { workflow: "w", category: "c" };
    expect(unsubscribeChange(prefs(), target)).toEqual({
      workflows: { w: { enabled: true, channels: ["app", "sms", "push", "wechat", "chat"] } },
    });
    const digest = { amount: 1, unit: "hours" as const };
    expect(
      unsubscribeChange(
        prefs({ categories: { c: { enabled: true, channels: ["app", "email"], digest } } }),
        target,
      ),
    ).toEqual({ workflows: { w: { enabled: true, channels: ["app"], digest } } });
    expect(unsubscribeChange(prefs({ categories: { c: { enabled: false } } }), target)).toBeNull();
    expect(
      unsubscribeChange(prefs({ workflows: { w: { enabled: true, channels: ["app"] } } }), target),
    ).toBeNull();
  });
});
