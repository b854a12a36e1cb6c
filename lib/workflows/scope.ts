// What a run's step sees: the Liquid scope its fields render over, the context its condition reads
// (earlier steps' outcomes), and the payload names its Liquid needs. Pure: no database, no clock.
import type { WorkflowStep } from "../db/schema/workflows";
import { compileField, type OutputMode } from "../templates/engine";
import { channelSpec, type BlockFieldSpec } from "../vocabulary/channels";
import type { WorkflowStepStatus } from "../vocabulary/enums";
import type { ConditionContext } from "./conditions";
import { isChannelStepType, stepChannel } from "./steps";

/** A user as Liquid and conditions read it (`user.*`, `actor.*`): the same fields a template sees. */
export type PersonScope = {
  id: string | null;
  user_id: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  locale: string | null;
  timezone: string | null;
};

export type RunScope = {
  payload: Record<string, unknown>;
  user: PersonScope;
  actor: PersonScope | null;
  tenant: { id: string; slug: string; name: string };
  /** After a digest step closed, for the run that continues with it; null otherwise. */
  digest: DigestScope | null;
};

/** `digest.*`: how many events joined, the latest 10 payloads (newest first), the first and the last. */
export type DigestScope = {
  count: number;
  events: Record<string, unknown>[];
  first: Record<string, unknown>;
  last: Record<string, unknown>;
};

/** An earlier step's row and, for an in-app step, its notification's state. */
export type StepRecord = {
  stepId: string;
  status: WorkflowStepStatus;
  notification: { readAt: Date | null; seenAt: Date | null; archivedAt?: Date | null } | null;
};

/**
 * `steps.<id>` for a condition: each earlier step's status and its notification's read / seen /
 * archived state (false without a notification).
 */
export function conditionContext(scope: RunScope, earlier: readonly StepRecord[]): ConditionContext {
  const steps: NonNullable<ConditionContext["steps"]> = {};
  for (const s of earlier) {
    steps[s.stepId] = {
      status: s.status,
      notification: {
        read: s.notification?.readAt != null,
        seen: s.notification?.seenAt != null,
        archived: s.notification?.archivedAt != null,
      },
    };
  }
  const { payload, user, actor, tenant, digest } = scope;
  return { payload, user, actor, tenant, digest, steps };
}

/** A step's Liquid sources with the output mode each renders in, keyed by field name. */
export function liquidFieldsOf(step: WorkflowStep): { field: string; source: string; mode: OutputMode }[] {
  const out: { field: string; source: string; mode: OutputMode }[] = [];
  if (isChannelStepType(step.type)) {
    const channel = stepChannel[step.type];
    const values = step as unknown as Record<string, unknown>;
    for (const f of channelSpec[channel].fields as readonly BlockFieldSpec[]) {
      const v = values[f.name];
      if (typeof v === "string") out.push({ field: f.name, source: v, mode: f.output });
    }
    if (step.type === "in_app" && step.group_key)
      out.push({ field: "group_key", source: step.group_key, mode: "text" });
    if (step.type === "wechat" && step.data)
      for (const [k, v] of Object.entries(step.data))
        out.push({ field: `data.${k}`, source: v, mode: "text" });
  } else if (step.type === "delay" && step.until) {
    out.push({ field: "until", source: step.until, mode: "text" });
  } else if ((step.type === "digest" || step.type === "throttle") && step.key) {
    out.push({ field: "key", source: step.key, mode: "text" });
  }
  return out;
}

/**
 * The top-level payload names the steps' Liquid reads (`{{ payload.post.id }}` needs `post`), each
 * with the first step that reads it. A name read only under a condition counts too: the check
 * cannot know which branch a run takes.
 */
export function payloadNamesRead(steps: readonly WorkflowStep[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const step of steps) {
    for (const { field, source, mode } of liquidFieldsOf(step)) {
      for (const path of compileField(field, source, mode).paths) {
        const [root, name] = path.split(".");
        if (root === "payload" && name && !names.has(name)) names.set(name, step.id);
      }
    }
  }
  return names;
}

/** The payload names read but not given (absent or undefined; null counts as given). */
export function missingPayloadNames(
  steps: readonly WorkflowStep[],
  payload: Record<string, unknown>,
): { name: string; stepId: string }[] {
  return [...payloadNamesRead(steps)]
    .filter(([name]) => !Object.hasOwn(payload, name) || payload[name] === undefined)
    .map(([name, stepId]) => ({ name, stepId }));
}
