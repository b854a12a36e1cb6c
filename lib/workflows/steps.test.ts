import { describe, expect, it } from "vitest";
import { fieldErrors } from "../http/validation";
import { workflowCreateSchema, workflowStepSchema, workflowUpdateSchema } from "./steps";

const base = { key: "comment.created", name: "New comment" };
/** The field errors a create with these steps gets (none when it parses). */
function errorsFor(steps: unknown[]) {
  const r = workflowCreateSchema.safeParse({ ...base, steps });
  return r.success ? [] : fieldErrors(r.error);
}
const fieldsOf = (steps: unknown[]) => errorsFor(steps).map((e) => e.field);

const inapp = { id: "inapp", type: "in_app", title: "New comment", content: "{{ payload.text }}" };

describe("workflow steps", () => {
  it("accepts every step type and fills the defaults", () => {
    const r = workflowCreateSchema.parse({
      ...base,
      steps: [
        inapp,
        { id: "wait", type: "delay", amount: 30, unit: "minutes" },
        {
          id: "email",
          type: "email",
          template: "comment.created",
          if: "steps.inapp.notification.read == false",
        },
        { id: "sms", type: "sms", text: "{{ payload.text | truncate: 100 }}" },
        {
          id: "push",
          type: "push",
          title: "Hi",
          body: "{{ user.name }}",
          url: "https://x.test/{{ payload.id }}",
        },
        { id: "wx", type: "wechat", template_id: "tpl", data: { first: "{{ payload.text }}" } },
        { id: "until", type: "delay", until: "{{ payload.due_at }}" },
        { id: "morning", type: "delay", until_local_time: "09:00" },
        {
          id: "digest",
          type: "digest",
          window: { amount: 10, unit: "minutes" },
          key: "{{ payload.post_id }}",
        },
        { id: "daily", type: "digest", window: { schedule: "daily", at: "18:30" }, allow_user_cadence: true },
        { id: "weekly", type: "digest", window: { schedule: "weekly", at: "08:00", weekday: "monday" } },
        {
          id: "throttle",
          type: "throttle",
          limit: 3,
          window: { amount: 1, unit: "hours" },
          key: "{{ payload.project }}",
        },
        {
          id: "late",
          type: "in_app",
          template: "digest",
          if: 'steps.digest.status == "completed" and payload.n > 2',
        },
      ],
    });
    expect(r).toMatchObject({ is_active: true, critical: false });
    expect(r.steps[8]).toMatchObject({ max_events: 100, allow_user_cadence: false });
  });

  it("names an unknown step type and unknown fields", () => {
    expect(errorsFor([{ id: "a", type: "fax" }])).toEqual([
      {
        field: "steps.0.type",
        message: "must be one of in_app, email, sms, push, wechat, chat, delay, digest, throttle",
      },
    ]);
    expect(fieldsOf([{ ...inapp, subject: "x" }])).toEqual(["steps.0.subject"]);
  });

  it("checks step ids: the pattern and duplicates", () => {
    expect(fieldsOf([{ ...inapp, id: "Bad Id" }])).toEqual(["steps.0.id"]);
    expect(fieldsOf([{ ...inapp, id: "x".repeat(65) }])).toEqual(["steps.0.id"]);
    const dup = errorsFor([inapp, { id: "w", type: "delay", amount: 1, unit: "days" }, { ...inapp }]);
    expect(dup).toEqual([{ field: "steps.2.id", message: "is already the id of steps.0" }]);
  });

  it("limits the number of steps", () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ ...inapp, id: `s${i}` }));
    expect(fieldsOf(many)).toEqual(["steps"]);
    expect(fieldsOf(many.slice(0, 50))).toEqual([]);
    expect(fieldsOf([])).toEqual(["steps"]);
  });

  it("refuses a condition that does not compile, naming steps.N.if", () => {
    const errors = errorsFor([inapp, { ...inapp, id: "b", if: "payload.count >" }]);
    expect(errors).toEqual([
      { field: "steps.1.if", message: "syntax error at column 16: unexpected the end of the expression" },
    ]);
    expect(fieldsOf([{ ...inapp, if: "secret == 1" }])).toEqual(["steps.0.if"]);
  });

  it("lets a condition read only earlier steps, and a notification only of a channel step", () => {
    const later = errorsFor([
      { ...inapp, if: "steps.email.notification.read == false" },
      { ...inapp, id: "email" },
    ]);
    expect(later).toEqual([
      { field: "steps.0.if", message: "reads steps.email, which is not an earlier step" },
    ]);
    const self = errorsFor([{ ...inapp, if: 'steps.inapp.status == "completed"' }]);
    expect(self[0]).toMatchObject({
      field: "steps.0.if",
      message: expect.stringMatching(/not an earlier step/),
    });
    const unknown = errorsFor([inapp, { ...inapp, id: "b", if: 'steps.nope.status == "x"' }]);
    expect(unknown).toEqual([{ field: "steps.1.if", message: "reads steps.nope: no step has that id" }]);
    const delay = errorsFor([
      { id: "wait", type: "delay", amount: 1, unit: "hours" },
      { ...inapp, if: "steps.wait.notification.read == false" },
    ]);
    expect(delay).toEqual([
      { field: "steps.1.if", message: "reads steps.wait.notification: a delay step sends no notification" },
    ]);
  });

  it("refuses Liquid that does not parse, naming the field", () => {
    expect(errorsFor([{ ...inapp, content: "{% if x %}never closed" }])).toEqual([
      {
        field: "steps.0.content",
        message: expect.stringMatching(/^Liquid syntax error at line 1, column 1: /),
      },
    ]);
    expect(fieldsOf([{ id: "wx", type: "wechat", template_id: "t", data: { first: "{{ a" } }])).toEqual([
      "steps.0.data.first",
    ]);
    expect(fieldsOf([{ id: "d", type: "delay", until: "{{ payload.due_at" }])).toEqual(["steps.0.until"]);
    expect(
      fieldsOf([{ id: "d", type: "digest", window: { amount: 1, unit: "hours" }, key: "{% for %}" }]),
    ).toEqual(["steps.0.key"]);
    expect(
      fieldsOf([
        { id: "t", type: "throttle", limit: 1, window: { amount: 1, unit: "hours" }, key: "{{ a | nope }}" },
      ]),
    ).toEqual(["steps.0.key"]);
  });

  it("lets Liquid read payload, user, actor, digest and tenant only", () => {
    const loop =
      "{% for e in digest.events %}{{ e.title }}{% endfor %} {{ user.name | default: tenant.name }}";
    expect(fieldsOf([{ ...inapp, content: loop }])).toEqual([]);
    expect(errorsFor([{ ...inapp, title: "{{ order.id }} {{ payload.id }}" }])).toEqual([
      {
        field: "steps.0.title",
        message: "reads order: a workflow's Liquid reads payload, user, actor, digest, tenant",
      },
    ]);
    expect(fieldsOf([{ id: "d", type: "delay", until: "{{ due_at }}" }])).toEqual(["steps.0.until"]);
  });

  it("caps Liquid fields as the channel spec does", () => {
    expect(fieldsOf([{ ...inapp, title: "x".repeat(1001) }])).toEqual(["steps.0.title"]);
    expect(fieldsOf([{ id: "s", type: "sms", text: "x".repeat(2001) }])).toEqual(["steps.0.text"]);
  });

  it("wants a channel step's template or its required fields, not both and not neither", () => {
    expect(errorsFor([{ id: "e", type: "email" }])).toEqual([
      { field: "steps.0.template", message: "is required unless the step gives its own subject, html" },
    ]);
    expect(fieldsOf([{ id: "e", type: "email", template: "x", subject: "s" }])).toEqual(["steps.0.subject"]);
    expect(errorsFor([{ id: "e", type: "email", subject: "s" }])).toEqual([
      { field: "steps.0.html", message: "is required without a template" },
    ]);
    expect(fieldsOf([{ id: "w", type: "wechat", template_id: "t" }])).toEqual(["steps.0.data"]);
    expect(fieldsOf([{ id: "e", type: "email", template: "Bad Code" }])).toEqual(["steps.0.template"]);
  });

  it("checks delays: one form, positive whole amounts, at most 30 days, HH:MM", () => {
    const delay = (rest: object) => fieldsOf([{ id: "d", type: "delay", ...rest }]);
    expect(delay({})).toEqual(["steps.0.amount"]);
    expect(delay({ amount: 1, unit: "hours", until_local_time: "09:00" })).toEqual(["steps.0"]);
    expect(delay({ amount: 1 })).toEqual(["steps.0.unit"]);
    expect(delay({ unit: "hours" })).toEqual(["steps.0.amount"]);
    expect(delay({ amount: 0, unit: "hours" })).toEqual(["steps.0.amount"]);
    expect(delay({ amount: 1.5, unit: "hours" })).toEqual(["steps.0.amount"]);
    expect(delay({ amount: 31, unit: "days" })).toEqual(["steps.0.amount"]);
    expect(delay({ amount: 30, unit: "days" })).toEqual([]);
    expect(delay({ amount: 1, unit: "weeks" })).toEqual(["steps.0.unit"]);
    expect(delay({ until_local_time: "24:00" })).toEqual(["steps.0.until_local_time"]);
    expect(delay({ until_local_time: "9:00" })).toEqual(["steps.0.until_local_time"]);
  });

  it("checks digest and throttle windows and limits", () => {
    const digest = (rest: object) =>
      fieldsOf([{ id: "d", type: "digest", window: { amount: 5, unit: "minutes" }, ...rest }]);
    expect(digest({ window: { amount: 31, unit: "days" } })).toEqual(["steps.0.window.amount"]);
    expect(digest({ window: { schedule: "daily", at: "25:00" } })).toEqual(["steps.0.window.at"]);
    expect(digest({ window: { schedule: "weekly", at: "09:00" } })).toEqual(["steps.0.window"]);
    expect(digest({ window: {} })).toEqual(["steps.0.window"]);
    expect(digest({ max_events: 0 })).toEqual(["steps.0.max_events"]);
    expect(digest({ max_events: 1001 })).toEqual(["steps.0.max_events"]);
    const throttle = (rest: object) =>
      fieldsOf([{ id: "t", type: "throttle", limit: 3, window: { amount: 1, unit: "hours" }, ...rest }]);
    expect(throttle({})).toEqual([]);
    expect(throttle({ limit: 0 })).toEqual(["steps.0.limit"]);
    expect(throttle({ window: { amount: 1 } })).toEqual(["steps.0.window.unit"]);
  });

  it("checks the workflow's own fields; an update is partial", () => {
    const r = workflowCreateSchema.safeParse({
      key: "Bad Key",
      name: "",
      category: "Not ok",
      steps: [inapp],
    });
    expect(r.success ? [] : fieldErrors(r.error).map((e) => e.field)).toEqual(["key", "name", "category"]);
    expect(workflowUpdateSchema.parse({ is_active: false })).toEqual({ is_active: false });
    expect(workflowUpdateSchema.safeParse({ steps: [{ id: "x", type: "sms" }] }).success).toBe(false);
    expect(workflowStepSchema.safeParse("in_app").success).toBe(false);
  });
});
