// A workflow's definition as the API takes it: one schema per step type (a union on `type`), the
// create and update requests, and every check a save makes before anything is written — step ids,
// conditions (and the earlier steps they read), Liquid, and a channel step's template-or-content.
import { z } from "zod";
import type { WorkflowStep, WorkflowStepType } from "../db/schema/workflows";
import { compileField, TemplateSyntaxError, type OutputMode } from "../templates/engine";
import {
  appBlockSchema,
  emailBlockSchema,
  pushBlockSchema,
  smsBlockSchema,
  templateCodeSchema,
  wechatBlockSchema,
  chatBlockSchema,
} from "../templates/schema";
import { chatTargetKeysSchema } from "../chat/schema";
import { categorySchema, keySchema, pageQuery } from "../http/validation";
import { channelSpec, type BlockFieldSpec } from "../vocabulary/channels";
import { oneOfMessage, type NotificationChannel } from "../vocabulary/enums";
import { MAX_TEMPLATE_NAME, MAX_WORKFLOW_KEY } from "../vocabulary/limits";
import {
  digestWindowSchema,
  durationSchema,
  durationSeconds,
  hhmm,
  MAX_WAIT_SECONDS,
  positiveInt,
  unitSchema,
  waitMessage,
} from "../http/durations";
import { checkCondition, MAX_CONDITION_LENGTH } from "./conditions";

// Their home is lib/http/durations (preferences take a digest window too); named here as before.
export { durationSchema, durationSeconds, MAX_WAIT_SECONDS };

export const MAX_WORKFLOW_STEPS = 50;
export const MAX_DIGEST_EVENTS = 1000;
export const MAX_THROTTLE_LIMIT = 10_000;
/** A Liquid key or date (`{{ payload.post_id }}`, `{{ payload.due_at }}`) renders to a short string. */
const MAX_KEY_SOURCE = 500;

export const channelStepTypes = ["in_app", "email", "sms", "push", "wechat", "chat"] as const;
export type ChannelStepType = (typeof channelStepTypes)[number];
export const workflowStepTypes = [...channelStepTypes, "delay", "digest", "throttle"] as const;
/** The delivery channel a channel step sends on. */
export const stepChannel: Record<ChannelStepType, NotificationChannel> = {
  in_app: "app",
  email: "email",
  sms: "sms",
  push: "push",
  wechat: "wechat",
  chat: "chat",
};
export const isChannelStepType = (type: string): type is ChannelStepType =>
  (channelStepTypes as readonly string[]).includes(type);

/** What a step's Liquid renders over. */
export const LIQUID_ROOTS = ["payload", "user", "actor", "digest", "tenant"] as const;
const liquidRoots = new Set<string>(LIQUID_ROOTS);

/** A Liquid source must parse, in the output mode the field renders with, and read only LIQUID_ROOTS. */
function liquidIssue(source: string, mode: OutputMode): string | undefined {
  try {
    const unknown = compileField("field", source, mode).globals.filter((g) => !liquidRoots.has(g));
    if (unknown.length > 0)
      return `reads ${unknown.join(", ")}: a workflow's Liquid reads ${LIQUID_ROOTS.join(", ")}`;
    return undefined;
  } catch (err) {
    if (!(err instanceof TemplateSyntaxError)) throw err;
    return `Liquid syntax error at line ${err.line}, column ${err.column}: ${err.reason}`;
  }
}

const liquid = (max: number) =>
  z
    .string({ message: "must be a string" })
    .min(1, { message: "must not be empty" })
    .max(max, { message: `must be at most ${max} characters` })
    .superRefine((source, ctx) => {
      const issue = liquidIssue(source, "text");
      if (issue) ctx.addIssue({ code: "custom", message: issue });
    });

const stepBase = {
  id: z
    .string({ message: "must be a string" })
    .regex(/^[a-z0-9_-]{1,64}$/, { message: "must be 1–64 characters of a-z, 0-9, _ and -" })
    .meta({
      description: "Unique in the workflow; conditions read the step as `steps.<id>`",
      example: "inapp",
    }),
  if: z
    .string({ message: "must be a string" })
    .max(MAX_CONDITION_LENGTH, { message: `must be at most ${MAX_CONDITION_LENGTH} characters` })
    .superRefine((source, ctx) => {
      const compiled = checkCondition(source);
      if (!compiled.ok) for (const message of compiled.errors) ctx.addIssue({ code: "custom", message });
    })
    .optional()
    .meta({
      description:
        "A condition (filtrex) over `payload`, `user`, `actor`, `tenant`, `steps.<id>.status` and `steps.<id>.notification.read|seen|archived` of earlier steps (quote a path with a hyphen: `'steps.in-app.status'`); false skips the step",
      example: "steps.inapp.notification.read == false",
    }),
};

const templateRef = templateCodeSchema
  .optional()
  .meta({ description: "A template's code; its block for this channel is sent. Or give the fields inline." });

/** A channel's block fields with their Liquid modes; WeChat's `data` entries are text. */
function checkChannelStep(channel: NotificationChannel) {
  const fields = channelSpec[channel].fields as readonly BlockFieldSpec[];
  const hasData = "data" in channelSpec[channel];
  const required = [...fields.filter((f) => f.required).map((f) => f.name), ...(hasData ? ["data"] : [])];
  const names = [...fields.map((f) => f.name), ...(hasData ? ["data"] : [])];
  return (step: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const given = names.filter((n) => step[n] !== undefined);
    if (step.template !== undefined) {
      for (const name of given)
        ctx.addIssue({ code: "custom", path: [name], message: "cannot be combined with template" });
      return;
    }
    if (given.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["template"],
        message: `is required unless the step gives its own ${required.join(", ")}`,
      });
      return;
    }
    for (const name of required.filter((n) => step[n] === undefined))
      ctx.addIssue({ code: "custom", path: [name], message: "is required without a template" });
    for (const f of fields) {
      const value = step[f.name];
      if (typeof value !== "string") continue;
      const issue = liquidIssue(value, f.output);
      if (issue) ctx.addIssue({ code: "custom", path: [f.name], message: issue });
    }
    if (hasData && step.data && typeof step.data === "object") {
      for (const [key, value] of Object.entries(step.data as Record<string, unknown>)) {
        const issue = typeof value === "string" ? liquidIssue(value, "text") : undefined;
        if (issue) ctx.addIssue({ code: "custom", path: ["data", key], message: issue });
      }
    }
  };
}

const channelDescription = (label: string) =>
  `Sends on ${label}: \`template\` (a code), or the channel's own Liquid fields over payload, user, actor, digest and tenant — not both`;

export const inAppStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("in_app"),
    template: templateRef,
    ...appBlockSchema.partial().shape,
    group_key: liquid(MAX_KEY_SOURCE).optional().meta({
      description:
        "Liquid: the recipient's notifications with the same rendered key fold into one inbox row (a key over 200 characters is stored hashed)",
      example: "comments-{{ payload.post_id }}",
    }),
  })
  .superRefine(checkChannelStep("app"))
  .meta({
    id: "WorkflowInAppStep",
    description: channelDescription("the in-app inbox"),
    example: {
      id: "inapp",
      type: "in_app",
      title: "New comment",
      content: "{{ actor.name }}: {{ payload.text }}",
    },
  });

export const emailStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("email"),
    template: templateRef,
    ...emailBlockSchema.partial().shape,
  })
  .superRefine(checkChannelStep("email"))
  .meta({
    id: "WorkflowEmailStep",
    description: channelDescription("email"),
    example: {
      id: "email",
      type: "email",
      template: "comment.created",
      if: "steps.inapp.notification.read == false",
    },
  });

export const smsStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("sms"),
    template: templateRef,
    ...smsBlockSchema.partial().shape,
  })
  .superRefine(checkChannelStep("sms"))
  .meta({ id: "WorkflowSmsStep", description: channelDescription("SMS") });

export const pushStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("push"),
    template: templateRef,
    ...pushBlockSchema.partial().shape,
  })
  .superRefine(checkChannelStep("push"))
  .meta({ id: "WorkflowPushStep", description: channelDescription("web push") });

export const wechatStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("wechat"),
    template: templateRef,
    ...wechatBlockSchema.partial().shape,
  })
  .superRefine(checkChannelStep("wechat"))
  .meta({ id: "WorkflowWechatStep", description: channelDescription("WeChat") });

export const chatStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("chat"),
    template: templateRef,
    ...chatBlockSchema.partial().shape,
    chat_targets: chatTargetKeysSchema.optional().meta({
      description: "The tenant's chat targets (by key) the step also posts to, besides the recipient's own",
    }),
  })
  .superRefine(checkChannelStep("chat"))
  .meta({
    id: "WorkflowChatStep",
    description: channelDescription("chat (Slack, Teams, DingTalk, WeCom, Feishu)"),
    example: { id: "chat", type: "chat", text: "{{ payload.text }}", chat_targets: ["ops-room"] },
  });

export const delayStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("delay"),
    amount: positiveInt(MAX_WAIT_SECONDS).optional().meta({ description: "With `unit`: wait this long" }),
    unit: unitSchema.optional(),
    until: liquid(MAX_KEY_SOURCE).optional().meta({
      description: "Liquid rendering an RFC 3339 date-time to wait for",
      example: "{{ payload.due_at }}",
    }),
    until_local_time: hhmm
      .optional()
      .meta({ description: "Wait until this time of day in the recipient's time zone", example: "09:00" }),
  })
  .superRefine((step, ctx) => {
    const forms = [
      step.amount !== undefined || step.unit !== undefined,
      step.until !== undefined,
      step.until_local_time !== undefined,
    ].filter(Boolean).length;
    if (forms !== 1) {
      ctx.addIssue({
        code: "custom",
        path: forms === 0 ? ["amount"] : [],
        message: "needs exactly one of amount with unit, until, or until_local_time",
      });
      return;
    }
    if (step.amount !== undefined && step.unit === undefined)
      ctx.addIssue({ code: "custom", path: ["unit"], message: "is required with amount" });
    if (step.unit !== undefined && step.amount === undefined)
      ctx.addIssue({ code: "custom", path: ["amount"], message: "is required with unit" });
    if (
      step.amount !== undefined &&
      step.unit !== undefined &&
      durationSeconds({ amount: step.amount, unit: step.unit }) > MAX_WAIT_SECONDS
    )
      ctx.addIssue({ code: "custom", path: ["amount"], message: waitMessage });
  })
  .meta({
    id: "WorkflowDelayStep",
    description:
      "Waits, then the run goes on: `amount` + `unit`, or `until` a rendered date-time, or `until_local_time` in the recipient's zone (exactly one)",
    example: { id: "wait", type: "delay", amount: 30, unit: "minutes" },
  });

export const digestStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("digest"),
    window: digestWindowSchema.meta({
      description:
        "How long a digest collects: a window opened by its first event, or a schedule (`at` in the recipient's time zone)",
    }),
    key: liquid(MAX_KEY_SOURCE).optional().meta({
      description: "Liquid: events with the same rendered key share a digest",
      example: "{{ payload.post_id }}",
    }),
    max_events: positiveInt(MAX_DIGEST_EVENTS)
      .default(100)
      .meta({ description: "The digest closes early when this many events have joined it" }),
    allow_user_cadence: z
      .boolean({ message: "must be true or false" })
      .default(false)
      .meta({ description: "Whether recipients may choose their own cadence in their preferences" }),
  })
  .meta({
    id: "WorkflowDigestStep",
    description:
      "Collects events for one recipient and key; when it closes, one run goes on with `digest.count`, `digest.events`, `digest.first` and `digest.last`",
    example: {
      id: "collect",
      type: "digest",
      window: { amount: 10, unit: "minutes" },
      key: "{{ payload.post_id }}",
    },
  });

export const throttleStepSchema = z
  .strictObject({
    ...stepBase,
    type: z.literal("throttle"),
    limit: positiveInt(MAX_THROTTLE_LIMIT).meta({ description: "Runs allowed through per window" }),
    window: durationSchema,
    key: liquid(MAX_KEY_SOURCE).optional().meta({
      description: "Liquid: runs with the same rendered key share the limit",
      example: "{{ payload.project }}",
    }),
  })
  .meta({
    id: "WorkflowThrottleStep",
    description:
      "Past `limit` runs through this step for the recipient and key within the window, the run ends throttled",
    example: { id: "limit", type: "throttle", limit: 3, window: { amount: 1, unit: "hours" } },
  });

export const workflowStepSchema = z
  .discriminatedUnion(
    "type",
    [
      inAppStepSchema,
      emailStepSchema,
      smsStepSchema,
      pushStepSchema,
      wechatStepSchema,
      chatStepSchema,
      delayStepSchema,
      digestStepSchema,
      throttleStepSchema,
    ],
    { message: oneOfMessage(workflowStepTypes) },
  )
  .meta({ id: "WorkflowStep" });

/** Ids unique; each condition reads only earlier steps, and a notification only of a channel step. */
function checkSteps(steps: { id: string; type: string; if?: string }[], ctx: z.RefinementCtx): void {
  const firstIndex = new Map<string, number>();
  steps.forEach((step, i) => {
    const first = firstIndex.get(step.id);
    if (first !== undefined)
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `is already the id of steps.${first}` });
    else firstIndex.set(step.id, i);
  });
  steps.forEach((step, i) => {
    if (step.if === undefined) return;
    const compiled = checkCondition(step.if);
    if (!compiled.ok) return;
    for (const ref of compiled.steps) {
      const j = firstIndex.get(ref.id);
      const read = `reads steps.${ref.id}`;
      const message =
        j === undefined
          ? `${read}: no step has that id`
          : j >= i
            ? `${read}, which is not an earlier step`
            : ref.field === "notification" && !isChannelStepType(steps[j]!.type)
              ? `${read}.notification: a ${steps[j]!.type} step sends no notification`
              : undefined;
      if (message) ctx.addIssue({ code: "custom", path: [i, "if"], message });
    }
  });
}

export const workflowStepsSchema = z
  .array(workflowStepSchema, { message: "must be a list of steps" })
  .min(1, { message: "must have at least one step" })
  .max(MAX_WORKFLOW_STEPS, { message: `must have at most ${MAX_WORKFLOW_STEPS} steps` })
  .superRefine(checkSteps)
  .meta({ description: "Run in order; a step whose `if` is false is skipped" });

export const workflowKeySchema = keySchema(MAX_WORKFLOW_KEY);

const fields = {
  name: z
    .string({ message: "must be a string" })
    .min(1, { message: "must not be empty" })
    .max(MAX_TEMPLATE_NAME, { message: `must be at most ${MAX_TEMPLATE_NAME} characters` }),
  description: z
    .string({ message: "must be a string" })
    .max(2000, { message: "must be at most 2000 characters" })
    .nullable(),
  is_active: z
    .boolean({ message: "must be true or false" })
    .meta({ description: "An inactive workflow is not triggered" }),
  critical: z.boolean({ message: "must be true or false" }).meta({
    description: "Bypasses opt-outs and quiet hours, as an urgent send does",
  }),
  category: categorySchema.nullable().meta({
    description: "Recipients may set preferences per workflow or per category",
    example: "comments",
  }),
};

export const workflowCreateSchema = z
  .strictObject({
    key: workflowKeySchema.meta({
      description: "Unique per tenant; cannot change",
      example: "comment.created",
    }),
    name: fields.name,
    description: fields.description.optional(),
    is_active: fields.is_active.default(true),
    critical: fields.critical.default(false),
    category: fields.category.optional(),
    steps: workflowStepsSchema,
  })
  .meta({
    id: "WorkflowCreate",
    example: {
      key: "comment.created",
      name: "New comment",
      category: "comments",
      steps: [
        { id: "inapp", type: "in_app", title: "New comment", content: "{{ payload.text }}" },
        { id: "wait", type: "delay", amount: 30, unit: "minutes" },
        {
          id: "email",
          type: "email",
          template: "comment.created",
          if: "steps.inapp.notification.read == false",
        },
      ],
    },
  });
export type WorkflowCreateInput = z.infer<typeof workflowCreateSchema>;

export const workflowUpdateSchema = z
  .strictObject({
    key: workflowKeySchema.optional().meta({ description: "Accepted only unchanged" }),
    name: fields.name.optional(),
    description: fields.description.optional(),
    is_active: fields.is_active.optional(),
    critical: fields.critical.optional(),
    category: fields.category.optional(),
    steps: workflowStepsSchema.optional().meta({ description: "Replaces every step" }),
  })
  .meta({ id: "WorkflowUpdate" });
export type WorkflowUpdateInput = z.infer<typeof workflowUpdateSchema>;

const bool = z
  .enum(["true", "false", "1", "0"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1");

export const workflowListQuery = z.strictObject({
  ...pageQuery,
  q: z
    .string()
    .max(100, { message: "must be at most 100 characters" })
    .optional()
    .meta({ description: "Matches the key, name and description" }),
  is_active: bool.optional(),
  category: fields.category.unwrap().optional(),
});
export type WorkflowListQuery = z.infer<typeof workflowListQuery>;

export const workflowKeyParams = z.object({
  key: z
    .string()
    .min(1)
    .max(MAX_WORKFLOW_KEY, { message: "must be a workflow key" })
    .meta({ description: "The workflow's key" }),
});

export const workflowVersionParams = workflowKeyParams.extend({
  version: z.coerce
    .number({ message: "must be a version number" })
    .int({ message: "must be a version number" })
    .min(1, { message: "must be a version number" }),
});

// The schemas produce exactly the stored types (lib/db/schema/workflows.ts): a change to one side
// that the other does not follow fails the type check here.
type Flat<T> = T extends object ? { [K in keyof T]: T[K] } : T;
// Identical, optional keys included (mutual assignability alone ignores an extra optional key).
type Same<A, B> =
  (<T>() => T extends Flat<A> ? 1 : 2) extends <T>() => T extends Flat<B> ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
export type StepSchemasMatchStoredSteps = Assert<Same<z.infer<typeof workflowStepSchema>, WorkflowStep>>;
export type StepTypesMatch = Assert<Same<(typeof workflowStepTypes)[number], WorkflowStepType>>;
