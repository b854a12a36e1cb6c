// A channel step's content for one recipient, rendered when the step runs: its own Liquid fields
// over the run's scope, or its template (the payload as the template's params) as a send renders it.
import type { Executor } from "../db/client";
import type { WorkflowStepMessage } from "../db/schema/workflow-runs";
import type { ChannelStep } from "../db/schema/workflows";
import { compileField, renderField } from "../templates/engine";
import { channelMessageFor, MAX_TITLE_CHARS, planTemplateSend, type Recipient } from "../templates/render";
import type { ExternalChannel } from "../vocabulary/enums";
import { storedKey } from "./digest";
import { liquidFieldsOf, type RunScope } from "./scope";
import { stepChannel } from "./steps";

/** A template step's params: the payload, and `digest` after a digest step (it wins over a payload name). */
const templateParams = (scope: RunScope): Record<string, unknown> =>
  scope.digest ? { ...scope.payload, digest: scope.digest } : scope.payload;

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The step's own fields rendered (absent fields absent). Throws TemplateRenderError on a limit. */
function renderFields(step: ChannelStep, scope: RunScope): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { field, source, mode } of liquidFieldsOf(step))
    out[field] = renderField(field, compileField(field, source, mode), scope);
  return out;
}

export type InAppContent = {
  title: string;
  content: string;
  metadata: Record<string, unknown>;
  template?: { id: string; version: number; params: Record<string, unknown> };
  groupKey: string | null;
};

/** The step's rendered group key, as a digest key is stored (hashed when long); empty is none. */
function groupKeyOf(step: ChannelStep & { type: "in_app" }, scope: RunScope): string | null {
  if (step.group_key === undefined) return null;
  return (
    storedKey(renderField("group_key", compileField("group_key", step.group_key, "text"), scope)) || null
  );
}

/** An in-app step's notification text. A template's missing variable or render limit throws invalid. */
export async function renderInApp(
  db: Executor,
  tenantId: string,
  step: ChannelStep & { type: "in_app" },
  scope: RunScope,
): Promise<InAppContent> {
  if (step.template) {
    const plan = await planTemplateSend(db, tenantId, {
      template_code: step.template,
      params: templateParams(scope),
      user_ids: [scope.user.user_id!],
    });
    return {
      title: plan.titles?.[0] ?? plan.title,
      content: plan.contents?.[0] ?? plan.content,
      metadata: plan.metadata,
      template: { id: plan.templateId, version: plan.templateVersion, params: plan.params },
      groupKey: groupKeyOf(step, scope),
    };
  }
  const f = renderFields(step, scope);
  const metadata: Record<string, unknown> = {};
  if (f.action_url) metadata.action_url = f.action_url;
  if (f.action_text) metadata.action_text = f.action_text;
  return {
    title: clip(f.title ?? "", MAX_TITLE_CHARS),
    content: f.content ?? "",
    metadata,
    groupKey: f.group_key ? storedKey(f.group_key) : null,
  };
}

/** An external channel step's message, in the form the delivery worker sends. */
export async function renderExternal(
  db: Executor,
  tenantId: string,
  step: ChannelStep,
  scope: RunScope,
  recipient: Partial<Recipient>,
): Promise<WorkflowStepMessage> {
  const channel = stepChannel[step.type] as ExternalChannel;
  if (step.template) {
    // The template's own block for the channel in the recipient's locale, its in-app text otherwise.
    const plan = await planTemplateSend(db, tenantId, {
      template_code: step.template,
      params: templateParams(scope),
      user_ids: [scope.user.user_id!],
    });
    return channelMessageFor(
      db,
      {
        tenantId,
        title: plan.titles?.[0] ?? plan.title,
        content: plan.contents?.[0] ?? plan.content,
        metadata: plan.metadata,
        templateId: plan.templateId,
        templateVersion: plan.templateVersion,
        templateParams: plan.params,
      },
      channel,
      recipient,
    );
  }
  const f = renderFields(step, scope);
  switch (step.type) {
    case "email":
      return { title: f.subject ?? "", text: f.text ?? "", ...(f.html ? { html: f.html } : {}) };
    case "sms":
      return { title: "", text: f.text ?? "" };
    case "push":
      return { title: f.title ?? "", text: f.body ?? "", ...(f.url ? { actionUrl: f.url } : {}) };
    case "wechat": {
      const data = Object.fromEntries(
        Object.entries(f)
          .filter(([k]) => k.startsWith("data."))
          .map(([k, v]) => [k.slice(5), v]),
      );
      return {
        title: "",
        text: "",
        ...(f.url ? { actionUrl: f.url } : {}),
        data: f.template_id ? { template_id: f.template_id, data } : {},
      };
    }
    case "chat":
      return { title: f.title ?? "", text: f.text ?? "", ...(f.url ? { actionUrl: f.url } : {}) };
    default:
      throw new Error(`${step.type} is not an external channel step`);
  }
}
