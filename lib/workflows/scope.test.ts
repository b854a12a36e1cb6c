import { describe, expect, it } from "vitest";
import type { WorkflowStep } from "../db/schema/workflows";
import { compileCondition } from "./conditions";
import { conditionContext, missingPayloadNames, payloadNamesRead, type RunScope } from "./scope";

const person = (id: string) => ({
  id,
  user_id: id,
  name: null,
  email: null,
  phone: null,
  locale: null,
  timezone: null,
});
const scope: RunScope = {
  payload: { text: "hi", count: 3 },
  user: person("alice"),
  actor: person("bob"),
  tenant: { id: "t1", slug: "default", name: "Default" },
  digest: null,
};

const evaluate = (source: string, ctx: ReturnType<typeof conditionContext>) => {
  const c = compileCondition(source);
  if (!c.ok) throw new Error(c.errors.join("; "));
  return c.evaluate(ctx).value;
};

describe("condition context", () => {
  it("says whether an earlier step's notification was archived", () => {
    const ctx = conditionContext(scope, [
      {
        stepId: "inapp",
        status: "completed",
        notification: { readAt: null, seenAt: null, archivedAt: new Date() },
      },
    ]);
    expect(evaluate("steps.inapp.notification.archived == true", ctx)).toBe(true);
  });

  it("gives each earlier step its status and its notification's read and seen state", () => {
    const ctx = conditionContext(scope, [
      { stepId: "inapp", status: "completed", notification: { readAt: new Date(), seenAt: null } },
      { stepId: "email", status: "skipped", notification: null },
    ]);
    expect(ctx.steps).toEqual({
      inapp: { status: "completed", notification: { read: true, seen: false, archived: false } },
      email: { status: "skipped", notification: { read: false, seen: false, archived: false } },
    });
    expect(evaluate('steps.inapp.notification.read == true and steps.email.status == "skipped"', ctx)).toBe(
      true,
    );
    expect(evaluate('payload.count > 2 and actor.user_id == "bob" and tenant.slug == "default"', ctx)).toBe(
      true,
    );
  });

  it("gives a run that continues after a digest its digest", () => {
    const digest = { count: 4, events: [{ text: "d" }], first: { text: "a" }, last: { text: "d" } };
    expect(
      evaluate('digest.count == 4 and digest.first.text == "a"', conditionContext({ ...scope, digest }, [])),
    ).toBe(true);
    expect(evaluate("digest.count == 4", conditionContext(scope, []))).toBe(false);
  });

  it("a step not run yet (or skipped past) reads as missing: equal to null, not to false", () => {
    const ctx = conditionContext(scope, []);
    expect(evaluate("steps.inapp.status == null", ctx)).toBe(true);
    expect(evaluate("steps.inapp.notification.read == false", ctx)).toBe(false);
  });
});

describe("payload names a workflow's Liquid needs", () => {
  const steps: WorkflowStep[] = [
    {
      id: "inapp",
      type: "in_app",
      title: "{{ payload.post.title }}",
      content: "{{ payload.text | upcase }}",
    },
    { id: "wait", type: "delay", until: "{{ payload.due_at }}" },
    { id: "email", type: "email", subject: "{{ user.name }}", html: "<p>{{ payload.text }}</p>" },
  ];

  it("names each top-level payload name with the first step that reads it", () => {
    expect([...payloadNamesRead(steps)]).toEqual([
      ["post", "inapp"],
      ["text", "inapp"],
      ["due_at", "wait"],
    ]);
  });

  it("reports those the payload lacks; null counts as given", () => {
    expect(missingPayloadNames(steps, { text: "x", post: null })).toEqual([
      { name: "due_at", stepId: "wait" },
    ]);
    expect(missingPayloadNames(steps, { text: "x", post: {}, due_at: "2026-03-02T10:00:00Z" })).toEqual([]);
  });
});
