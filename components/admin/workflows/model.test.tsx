import { createTranslator } from "next-intl";
import { afterEach, describe, expect, it, vi } from "vitest";
import { errorAt } from "@/components/admin/shared/form-errors";
import messages from "@/messages/en/workflows.json";
import {
  bodyOf,
  definitionText,
  emptyForm,
  formOf,
  liveStepErrors,
  newStep,
  samplePayload,
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
  {
    id: "team-chat",
    type: "chat",
    title: "Deploy {{ payload.version }}",
    text: "Shipped",
    chat_targets: ["ops-room", "release-news"],
  },
  { id: "chat-template", type: "chat", template: "deploy.done" },
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
    expect(errorAt(errors, "steps.1.if")).toBe("reads steps.later: no step has that id");
  });

  describe("as the admin types, where the page refuses code generation (the console's CSP)", () => {
    afterEach(() => vi.unstubAllGlobals());

    it("reports broken conditions and Liquid, not fields still empty", () => {
      vi.stubGlobal("Function", function refused() {
        throw new EvalError("Refused to evaluate a string as JavaScript");
      });
      const form = formOf(saved(everyType));
      form.steps[4]!.condition = "steps.inapp.status ==";
      form.steps[0]!.block = { title: "{{ payload.text", content: "" };
      const email = newStep(
        "email",
        form.steps.map((s) => s.id),
      );
      email.condition = "steps.nope.notification.read == false";
      form.steps.push(email);
      const live = liveStepErrors(form.steps);
      expect(live.get("steps.4.if")).toBe("syntax error at column 22: unexpected the end of the expression");
      expect(live.get("steps.0.title")).toMatch(/^Liquid syntax error/);
      expect(live.get(`steps.${form.steps.length - 1}.if`)).toBe("reads steps.nope: no step has that id");
      // The empty content and the new email's empty subject wait for the save.
      expect([...live.keys()].filter((k) => !k.endsWith(".if") && k !== "steps.0.title")).toEqual([]);
      expect(liveStepErrors(formOf(saved(everyType)).steps).size).toBe(0);
    });
  });

  it("passes a valid workflow", async () => {
    const form = formOf(saved(everyType));
    form.key = "comment.created";
    expect((await resolve(form)).errors).toEqual({});
  });
});

it("writes a definition as text for the diff, one section per step", () => {
  const t = createTranslator({ locale: "en", messages: { workflows: messages }, namespace: "workflows" });
  const text = definitionText(saved(everyType.slice(0, 2)), t);
  expect(text).toContain("[1 · In-app · inapp]\ntitle: New comment");
  expect(text).toContain("[2 · Delay · wait]\namount: 30\nunit: minutes");
});

it("samples a test payload from the names the steps' Liquid reads", () => {
  expect(samplePayload(everyType)).toMatchObject({ text: "sample text" });
});
