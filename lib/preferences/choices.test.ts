import { describe, expect, it } from "vitest";
import {
  effectiveChoice,
  groupByCategory,
  isCategoryEnabled,
  setCategoryEnabled,
  setWorkflowChannels,
  setWorkflowEnabled,
  type Choices,
  type OfferedWorkflow,
} from "./choices";
import { decide, DEFAULT_PREFERENCES } from "./decide";

const comment: OfferedWorkflow = {
  key: "comment.created",
  category: "comments",
  critical: false,
  channels: ["app", "email"],
};
const mention: OfferedWorkflow = { key: "mention", category: "comments", critical: false, channels: ["app"] };
const login: OfferedWorkflow = {
  key: "security.login",
  category: "account",
  critical: true,
  channels: ["app", "sms"],
};
const summary: OfferedWorkflow = { key: "summary", category: null, critical: false, channels: ["email"] };
const none: Choices = { workflows: {}, categories: {} };

/** What the send path does with the choices, for one channel of one workflow. */
const sends = (choices: Choices, w: OfferedWorkflow, channel: "app" | "email" | "sms") =>
  decide(
    { ...DEFAULT_PREFERENCES, ...choices },
    { type: "info", priority: "normal", workflow: w },
    channel,
    new Date("2026-06-01T12:00:00Z"),
  ).action === "send";

describe("workflow choices on the settings page", () => {
  it("groups consecutive workflows by category, in the order given", () => {
    expect(groupByCategory([login, comment, mention, summary])).toEqual([
      { category: "account", workflows: [login] },
      { category: "comments", workflows: [comment, mention] },
      { category: null, workflows: [summary] },
    ]);
  });

  it("shows everything on before any choice, and a critical workflow on whatever was chosen", () => {
    expect(effectiveChoice(none, comment)).toEqual({ enabled: true, channels: ["app", "email"] });
    const off = setCategoryEnabled(none, "account", [login], false);
    expect(effectiveChoice(off, login)).toEqual({ enabled: true, channels: ["app", "sms"] });
  });

  it("turns a workflow off, and the send path then sends nothing from it", () => {
    const off = setWorkflowEnabled(none, comment, false);
    expect(off).toEqual({ workflows: { "comment.created": { enabled: false } }, categories: {} });
    expect(effectiveChoice(off, comment).enabled).toBe(false);
    expect(sends(off, comment, "app")).toBe(false);
    expect(sends(off, mention, "app")).toBe(true);
  });

  it("keeps a channel list only while it leaves a channel out", () => {
    const noEmail = setWorkflowChannels(none, comment, ["app"]);
    expect(noEmail.workflows["comment.created"]).toEqual({ enabled: true, channels: ["app"] });
    expect(sends(noEmail, comment, "email")).toBe(false);
    expect(sends(noEmail, comment, "app")).toBe(true);
    const back = setWorkflowChannels(noEmail, comment, ["email", "app"]);
    expect(back.workflows["comment.created"]).toEqual({ enabled: true });
    // Turning it off and on again keeps the channels chosen.
    const again = setWorkflowEnabled(setWorkflowEnabled(noEmail, comment, false), comment, true);
    expect(again.workflows["comment.created"]).toEqual({ enabled: true, channels: ["app"] });
  });

  it("a category switch covers its workflows, own entries included, and leaves the others", () => {
    const chosen = setWorkflowChannels(setWorkflowEnabled(none, summary, false), comment, ["app"]);
    const off = setCategoryEnabled(chosen, "comments", [comment, mention], false);
    expect(isCategoryEnabled(off, "comments")).toBe(false);
    expect(off.workflows["comment.created"]).toEqual({ enabled: false, channels: ["app"] });
    expect(off.workflows.summary).toEqual({ enabled: false });
    for (const w of [comment, mention]) {
      expect(effectiveChoice(off, w).enabled).toBe(false);
      expect(sends(off, w, "app")).toBe(false);
    }
    // One workflow back on inside an off category: its own entry wins.
    const one = setWorkflowEnabled(off, mention, true);
    expect(sends(one, mention, "app")).toBe(true);
    expect(sends(one, comment, "app")).toBe(false);
    const on = setCategoryEnabled(one, "comments", [comment, mention], true);
    expect(effectiveChoice(on, comment)).toEqual({ enabled: true, channels: ["app"] });
  });

  it("keeps entries for workflows the page does not list (the PUT replaces the whole map)", () => {
    const saved: Choices = {
      workflows: { retired: { enabled: false } },
      categories: { old: { enabled: false } },
    };
    const next = setCategoryEnabled(setWorkflowEnabled(saved, comment, false), "comments", [comment], true);
    expect(next.workflows.retired).toEqual({ enabled: false });
    expect(next.categories.old).toEqual({ enabled: false });
  });
});
