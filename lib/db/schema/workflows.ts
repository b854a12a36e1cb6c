import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, deletedAt, tenantId, timeOrderedId, updatedAt } from "./_columns";
import { tenants } from "./tenants";

// The stored shape of a workflow's definition; lib/workflows/steps.ts validates it (and checks at
// compile time that its schemas produce exactly these types).
export const durationUnits = ["seconds", "minutes", "hours", "days"] as const;
export type DurationUnit = (typeof durationUnits)[number];
export type WorkflowDuration = { amount: number; unit: DurationUnit };

type StepBase = {
  id: string;
  /** A condition over payload, user, actor, tenant and earlier steps; false skips the step. */
  if?: string;
};
/** A channel step sends either a template (by code) or its own Liquid fields, never both. */
export type InAppStep = StepBase & {
  type: "in_app";
  template?: string;
  title?: string;
  content?: string;
  action_url?: string;
  action_text?: string;
  /** Liquid: the notifications' group (see a send's group_key). */
  group_key?: string;
};
export type EmailStep = StepBase & {
  type: "email";
  template?: string;
  subject?: string;
  html?: string;
  text?: string;
};
export type SmsStep = StepBase & { type: "sms"; template?: string; text?: string };
export type PushStep = StepBase & {
  type: "push";
  template?: string;
  title?: string;
  body?: string;
  url?: string;
};
export type WechatStep = StepBase & {
  type: "wechat";
  template?: string;
  template_id?: string;
  url?: string;
  data?: Record<string, string>;
};
export type ChatStep = StepBase & {
  type: "chat";
  template?: string;
  text?: string;
  title?: string;
  url?: string;
  /** The tenant's chat targets (keys) the step also posts to, besides the recipient's own. */
  chat_targets?: string[];
};
export type ChannelStep = InAppStep | EmailStep | SmsStep | PushStep | WechatStep | ChatStep;
/** Exactly one of: `amount` + `unit`; `until` (Liquid, a date-time); `until_local_time` (HH:MM). */
export type DelayStep = StepBase & {
  type: "delay";
  amount?: number;
  unit?: DurationUnit;
  until?: string;
  until_local_time?: string;
};
export type DigestSchedule =
  | { schedule: "daily"; at: string }
  | {
      schedule: "weekly";
      at: string;
      weekday: "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";
    };
export type DigestWindow = WorkflowDuration | DigestSchedule;
export type DigestStep = StepBase & {
  type: "digest";
  window: DigestWindow;
  key?: string;
  max_events: number;
  allow_user_cadence: boolean;
};
export type ThrottleStep = StepBase & {
  type: "throttle";
  limit: number;
  window: WorkflowDuration;
  key?: string;
};
export type WorkflowStep = ChannelStep | DelayStep | DigestStep | ThrottleStep;
export type WorkflowStepType = WorkflowStep["type"];

export type WorkflowDefinition = {
  name: string;
  description: string | null;
  is_active: boolean;
  critical: boolean;
  category: string | null;
  steps: WorkflowStep[];
};

/** Who saved a version, as the audit log names actors. */
export type WorkflowVersionAuthor = { type: "user" | "api_key" | "system"; id: string | null };

/** One row per workflow: its key and which version is current. */
export const workflows = pgTable(
  "workflows",
  {
    id: timeOrderedId(),
    tenantId: tenantId().references(() => tenants.id),
    key: text("key").notNull(),
    currentVersion: integer("current_version").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: deletedAt(),
  },
  (t) => [
    // Live keys only: a deleted workflow's key may be used again.
    uniqueIndex("workflows_tenant_key_key")
      .on(t.tenantId, t.key)
      .where(sql`${t.deletedAt} is null`),
    index("workflows_tenant_updated_idx")
      .on(t.tenantId, t.updatedAt.desc())
      .where(sql`${t.deletedAt} is null`),
  ],
);

/** Immutable: every save writes one; a run keeps the version it was triggered on. */
export const workflowVersions = pgTable(
  "workflow_versions",
  {
    id: timeOrderedId(),
    tenantId: tenantId().references(() => tenants.id),
    workflowId: uuid("workflow_id")
      .notNull()
      .references(() => workflows.id),
    version: integer("version").notNull(),
    definition: jsonb("definition").$type<WorkflowDefinition>().notNull(),
    createdBy: jsonb("created_by").$type<WorkflowVersionAuthor>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("workflow_versions_workflow_version_key").on(t.workflowId, t.version)],
);
