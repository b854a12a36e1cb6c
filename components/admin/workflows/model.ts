// The workflow editor's model: the API's shapes, one form state per step (every step type's inputs
// as text, so switching a step's type or a delay's form keeps what was typed), and the form <->
// request body mapping the API's own create and update schemas check.
import type { Resolver } from "react-hook-form";
import { durationUnits, type DurationUnit, type WorkflowStep } from "@/lib/db/schema/workflows";
import { liquidFieldsOf, payloadNamesRead } from "@/lib/workflows/scope";
import type { WorkflowJson, WorkflowVersionJson } from "@/lib/workflows/serialize";
import {
  isChannelStepType,
  stepChannel,
  workflowCreateSchema,
  workflowStepsSchema,
  workflowStepTypes,
  workflowUpdateSchema,
} from "@/lib/workflows/steps";
import { requestResolver } from "@/components/admin/shared/request-resolver";
import { cleanBlocks, emptyBlock, type Block } from "@/components/admin/templates/model";

export type { WorkflowJson, WorkflowVersionJson };
export type StepType = (typeof workflowStepTypes)[number];
/** A step as the API answers it (defaults may be absent). */
export type StepJson = WorkflowJson["steps"][number];

export const WORKFLOWS_API = "/api/v1/workflows";
export const STEP_TYPES = workflowStepTypes;
export const UNITS = durationUnits;
export const WEEKDAYS = [
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
] as const;
type Weekday = (typeof WEEKDAYS)[number];

export type StepForm = {
  /** The list's React key: a step's own id can be edited. */
  uid: string;
  id: string;
  type: StepType;
  condition: string;
  source: "template" | "inline";
  template: string;
  block: Block;
  /** A chat step's chat target keys, separated by commas or spaces. */
  chatTargets: string;
  delay: {
    mode: "duration" | "until" | "local";
    amount: string;
    unit: DurationUnit;
    until: string;
    local: string;
  };
  digest: {
    mode: "window" | "daily" | "weekly";
    amount: string;
    unit: DurationUnit;
    at: string;
    weekday: Weekday;
    key: string;
    max_events: string;
    allow_user_cadence: boolean;
  };
  throttle: { limit: string; amount: string; unit: DurationUnit; key: string };
};

export type WorkflowForm = {
  key: string;
  name: string;
  description: string;
  is_active: boolean;
  critical: boolean;
  category: string;
  steps: StepForm[];
};

let uids = 0;
const nextUid = () => `step-${++uids}`;

function blankStep(type: StepType, id: string): StepForm {
  return {
    uid: nextUid(),
    id,
    type,
    condition: "",
    source: "inline",
    template: "",
    chatTargets: "",
    block: isChannelStepType(type) ? emptyBlock(stepChannel[type]) : {},
    delay: { mode: "duration", amount: "10", unit: "minutes", until: "", local: "09:00" },
    digest: {
      mode: "window",
      amount: "10",
      unit: "minutes",
      at: "09:00",
      weekday: "monday",
      key: "",
      max_events: "100",
      allow_user_cadence: false,
    },
    throttle: { limit: "1", amount: "1", unit: "hours", key: "" },
  };
}

/** A new step of a type, with an id no other step has (`email`, then `email-2`…). */
export function newStep(type: StepType, taken: readonly string[]): StepForm {
  let id: string = type;
  for (let n = 2; taken.includes(id); n++) id = `${type}-${n}`;
  return blankStep(type, id);
}

export function emptyForm(): WorkflowForm {
  return {
    key: "",
    name: "",
    description: "",
    is_active: true,
    critical: false,
    category: "",
    steps: [newStep("in_app", [])],
  };
}

const text = (n: number | undefined) => (n === undefined ? "" : String(n));

export function stepFormOf(step: StepJson): StepForm {
  const form = blankStep(step.type, step.id);
  form.condition = step.if ?? "";
  switch (step.type) {
    case "delay":
      form.delay = {
        ...form.delay,
        mode: step.until !== undefined ? "until" : step.until_local_time !== undefined ? "local" : "duration",
        amount: text(step.amount) || form.delay.amount,
        unit: step.unit ?? form.delay.unit,
        until: step.until ?? "",
        local: step.until_local_time ?? form.delay.local,
      };
      return form;
    case "digest": {
      const w = step.window;
      form.digest = {
        ...form.digest,
        key: step.key ?? "",
        max_events: text(step.max_events) || form.digest.max_events,
        allow_user_cadence: step.allow_user_cadence ?? false,
        ...("schedule" in w
          ? { mode: w.schedule, at: w.at, ...(w.schedule === "weekly" ? { weekday: w.weekday } : {}) }
          : { mode: "window", amount: text(w.amount), unit: w.unit }),
      };
      return form;
    }
    case "throttle":
      form.throttle = {
        limit: text(step.limit),
        amount: text(step.window.amount),
        unit: step.window.unit,
        key: step.key ?? "",
      };
      return form;
    default: {
      const { id: _id, type: _type, if: _if, template, ...rest } = step;
      const { chat_targets: chatTargets, ...fields } = rest as typeof rest & { chat_targets?: string[] };
      form.chatTargets = chatTargets?.join(", ") ?? "";
      if (template !== undefined) {
        form.source = "template";
        form.template = template;
      } else form.block = { ...form.block, ...(fields as Block) };
      return form;
    }
  }
}

export function formOf(w: WorkflowJson | WorkflowVersionJson): WorkflowForm {
  return {
    key: "key" in w ? w.key : "",
    name: w.name,
    description: w.description ?? "",
    is_active: w.is_active,
    critical: w.critical,
    category: w.category ?? "",
    steps: w.steps.map(stepFormOf),
  };
}

/** A number input's text as the API's number; empty is absent (the schema names what is missing). */
const num = (s: string) => (s.trim() === "" ? undefined : Number(s));
const optional = <K extends string>(name: K, s: string) => (s.trim() === "" ? {} : { [name]: s });

export function stepBody(s: StepForm): Record<string, unknown> {
  const base = { id: s.id, type: s.type, ...optional("if", s.condition) };
  switch (s.type) {
    case "delay": {
      const d = s.delay;
      if (d.mode === "until") return { ...base, until: d.until };
      if (d.mode === "local") return { ...base, until_local_time: d.local };
      return { ...base, amount: num(d.amount), unit: d.unit };
    }
    case "digest": {
      const d = s.digest;
      const window =
        d.mode === "window"
          ? { amount: num(d.amount), unit: d.unit }
          : d.mode === "daily"
            ? { schedule: "daily", at: d.at }
            : { schedule: "weekly", at: d.at, weekday: d.weekday };
      return {
        ...base,
        window,
        ...optional("key", d.key),
        ...(d.max_events.trim() === "" ? {} : { max_events: num(d.max_events) }),
        allow_user_cadence: d.allow_user_cadence,
      };
    }
    case "throttle": {
      const t = s.throttle;
      return {
        ...base,
        limit: num(t.limit),
        window: { amount: num(t.amount), unit: t.unit },
        ...optional("key", t.key),
      };
    }
    default: {
      const keys = s.type === "chat" ? s.chatTargets.split(/[\s,]+/).filter(Boolean) : [];
      const targets = keys.length > 0 ? { chat_targets: keys } : {};
      if (s.source === "template") return { ...base, template: s.template, ...targets };
      const channel = stepChannel[s.type];
      // The template editor's rule: an empty optional field is left out, a required one is sent.
      return { ...base, ...cleanBlocks({ step: { [channel]: s.block } }).step![channel], ...targets };
    }
  }
}

export function bodyOf(form: WorkflowForm, isNew: boolean) {
  return {
    ...(isNew ? { key: form.key } : {}),
    name: form.name,
    description: form.description.trim() === "" ? null : form.description,
    is_active: form.is_active,
    critical: form.critical,
    category: form.category.trim() === "" ? null : form.category.trim(),
    steps: form.steps.map(stepBody),
  };
}

/**
 * The form checked as the create or update endpoint checks the body it makes; what only the server
 * knows (a template exists and has the channel's block) comes back from the save.
 */
export function workflowResolver(isNew: boolean): Resolver<WorkflowForm> {
  return requestResolver(isNew ? workflowCreateSchema : workflowUpdateSchema, (form: WorkflowForm) =>
    bodyOf(form, isNew),
  );
}

/**
 * The steps' conditions and Liquid as the API's own steps schema checks them, for showing while the
 * admin types, by field (`steps.1.if`). Only an `if` or a Liquid field that holds text is reported:
 * a field not filled in yet waits for the save.
 */
export function liveStepErrors(steps: readonly StepForm[]): Map<string, string> {
  const bodies = steps.map(stepBody);
  const found = new Map<string, string>();
  // Without generated code: the console's CSP refuses it (zod would find that out and fall back too).
  const result = workflowStepsSchema.safeParse(bodies, { jitless: true });
  if (result.success) return found;
  for (const issue of result.error.issues) {
    const [i, field, ...rest] = issue.path;
    if (typeof i !== "number" || typeof field !== "string") continue;
    const liquid = liquidFieldsOf(bodies[i] as WorkflowStep)
      .filter((f) => f.source.trim() !== "")
      .map((f) => f.field.split(".")[0]);
    if (field !== "if" && !liquid.includes(field)) continue;
    const name = ["steps", i, field, ...rest].join(".");
    if (!found.has(name)) found.set(name, issue.message);
  }
  return found;
}

/** A sample payload for a test run: every name the steps' Liquid reads, each with a placeholder. */
export function samplePayload(steps: readonly StepJson[]): Record<string, string> {
  const names = payloadNamesRead(steps as readonly WorkflowStep[]);
  return Object.fromEntries([...names.keys()].map((name) => [name, `sample ${name}`]));
}

/** The catalogue's `workflows` messages a definition's text is worded with (next-intl's `t`). */
export type DefinitionWords = (
  key:
    | "definition.name"
    | "definition.description"
    | "definition.active"
    | "definition.critical"
    | "definition.category"
    | "definition.yes"
    | "definition.no"
    | `stepTypes.${StepType}`,
  values?: Record<string, string | number>,
) => string;

/** A readable text of a definition for the version diff: settings, then one section per step. */
export function definitionText(w: WorkflowJson | WorkflowVersionJson, t: DefinitionWords): string {
  const yesNo = (b: boolean) => (b ? t("definition.yes") : t("definition.no"));
  const lines = [
    t("definition.name", { value: w.name }),
    t("definition.description", { value: w.description ?? "" }),
    t("definition.active", { value: yesNo(w.is_active) }),
    t("definition.critical", { value: yesNo(w.critical) }),
    t("definition.category", { value: w.category ?? "" }),
  ];
  w.steps.forEach((step, i) => {
    lines.push("", `[${i + 1} · ${t(`stepTypes.${step.type}`)} · ${step.id}]`);
    for (const [k, v] of Object.entries(step)) {
      if (k === "id" || k === "type") continue;
      if (typeof v === "object" && v !== null)
        for (const [sub, sv] of Object.entries(v)) lines.push(`${k}.${sub}: ${String(sv)}`);
      else lines.push(`${k}: ${String(v)}`);
    }
  });
  return `${lines.join("\n")}\n`;
}
