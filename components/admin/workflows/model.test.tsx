import { describe, expect, it } from "vitest";
import { errorAt } from "@/components/admin/shared/form-errors";
import {
  bodyOf,
  definitionText,
  emptyForm,
  formOf,
  newStep,
  workflowResolver,
  type StepJson,
  type WorkflowForm,
  type WorkflowJson,
} from "./model";

const resolve = (form: WorkflowForm, isNew = true) =>
  workflowResolver(isNew)(form, undefined, { fields: {}, shouldUseNativeValidation: false });

function saved(steps: StepJson[]): WorkflowJson {
  return {
    id: "0190a0a0-0000-7000-8000-000000000000",
    key: "comment.created",
    name: "New comment",
    description: null,
    is_active: true,
    critical: false,
    category: "comments",
    steps,
    version: 3,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-02T00:00:00.000Z",
  };
}

const everyType: StepJson[] = [
  { id: "inapp", type: "in_app", title: "New comment", content: "{{ payload.text }}" },
  { id: "wait", type: "delay", amount: 30, unit: "minutes" },
  { id: "morning", type: "delay", until_local_time: "08:30" },
  { id: "due", type: "delay", until: "{{ payload.due_at }}" },
  {
    id: "email",
    type: "email",
    template: "comment.created",
    if: "steps.inapp.notification.read == false",
  },
  {
    id: "collect",
    type: "digest",
    window: { schedule: "weekly", at: "09:00", weekday: "friday" },
    key: "{{ payload.post_id }}",
    max_events: 50,
    allow_user_cadence: true,
  },
  {
    id: "batch",
    type: "digest",
    window: { amount: 1, unit: "hours" },
    max_events: 100,
    allow_user_cadence: false,
  },
  {
    id: "limit",
    type: "throttle",
    limit: 3,
    window: { amount: 1, unit: "hours" },
    key: "{{ payload.project }}",
  },
  { id: "chat", type: "wechat", template_id: "tpl-1", data: { first: "{{ payload.text }}" } },
];

describe("the form <-> request mapping", () => {
  it("gives back every step type as the API sent it", () => {
    const w = saved(everyType);
    expect(bodyOf(formOf(w), false)).toEqual({
      name: w.name,
      description: null,
      is_active: true,
      critical: false,
      category: "comments",
      steps: everyType,
    });
  });

  it("sends only the chosen form of a delay and leaves empty optional fields out", () => {
    const form = emptyForm();
    form.key = "k";
    form.steps[0]!.block = { title: "Hi", content: "There", action_url: "" };
    const delay = newStep("delay", ["in_app"]);
    delay.delay = { ...delay.delay, mode: "local", local: "07:00" };
    const email = newStep("email", []);
    email.source = "template";
    email.template = "welcome";
    email.condition = "  ";
    form.steps.push(delay, email);
    expect(bodyOf(form, true).steps).toEqual([
      { id: "in_app", type: "in_app", title: "Hi", content: "There" },
      { id: "delay", type: "delay", until_local_time: "07:00" },
      { id: "email", type: "email", template: "welcome" },
    ]);
  });

  it("gives a new step an id no other step has", () => {
    expect(newStep("email", ["email", "email-2"]).id).toBe("email-3");
  });
});

describe("the browser's check, with the API's own schema", () => {
  it("names the step field a problem is in", async () => {
    const form = emptyForm();
    form.key = "comment.created";
    form.name = "New comment";
    form.steps[0]!.block = { title: "{% if x %}", content: "ok" };
    const email = newStep("email", ["in_app"]);
    email.source = "template";
    email.condition = 'steps.later.status == "sent"';
    form.steps.push(email);
    const { errors } = await resolve(form);
    expect(errorAt(errors, "steps.0.title")).toMatch(/^Liquid syntax error/);
    expect(errorAt(errors, "steps.1.template")).toMatch(/characters of a-z/);
    // Conditions are the server's: the browser's CSP refuses the compiler's `new Function`.
    expect(errorAt(errors, "steps.1.if")).toBeUndefined();
  });

  it("leaves a broken condition to the server and passes the rest", async () => {
    const form = formOf(saved(everyType));
    form.key = "comment.created";
    form.steps[4]!.condition = "steps.inapp.status ==";
    expect((await resolve(form)).errors).toEqual({});
  });

  it("passes a valid workflow", async () => {
    const form = formOf(saved(everyType));
    form.key = "comment.created";
    expect((await resolve(form)).errors).toEqual({});
  });
});

it("writes a definition as text for the diff, one section per step", () => {
  const text = definitionText(saved(everyType.slice(0, 2)));
  expect(text).toContain("[1 · In-app · inapp]\ntitle: New comment");
  expect(text).toContain("[2 · Delay · wait]\namount: 30\nunit: minutes");
});
