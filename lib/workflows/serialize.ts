// The JSON shapes of a workflow (its current version) and of one of its versions.
import { z } from "zod";
import type { workflows, workflowVersions } from "../db/schema";
import { workflowRunStatsSchema } from "./runs";
import { workflowStepSchema } from "./steps";

export type WorkflowRow = typeof workflows.$inferSelect;
export type WorkflowVersionRow = typeof workflowVersions.$inferSelect;
/** A workflow with its current version. */
export type WorkflowRecord = { workflow: WorkflowRow; current: WorkflowVersionRow };

const dateTime = z.iso.datetime({ offset: true });
const definitionShape = {
  name: z.string(),
  description: z.string().nullable(),
  is_active: z.boolean(),
  critical: z.boolean().meta({ description: "Bypasses opt-outs and quiet hours" }),
  category: z.string().nullable(),
  steps: z.array(workflowStepSchema),
};

export const workflowSchema = z
  .object({
    id: z.uuid(),
    key: z.string().meta({ example: "comment.created" }),
    ...definitionShape,
    version: z.number().int().meta({ description: "The current version: what a trigger now runs" }),
    created_at: dateTime,
    updated_at: dateTime,
  })
  .meta({ id: "Workflow" });
export type WorkflowJson = z.input<typeof workflowSchema>;

/** A row of the list: the workflow and how its runs of the last 24 hours went. */
export const workflowListItemSchema = workflowSchema
  .extend({ stats: workflowRunStatsSchema })
  .meta({ id: "WorkflowListItem" });
export type WorkflowListItemJson = z.input<typeof workflowListItemSchema>;

export const workflowPageSchema = z.object({
  workflows: z.array(workflowListItemSchema),
  total: z.number().int(),
  page: z.number().int(),
  page_size: z.number().int(),
  total_pages: z.number().int(),
});

export const workflowVersionSchema = z
  .object({
    version: z.number().int(),
    ...definitionShape,
    created_by: z
      .object({ type: z.enum(["user", "api_key", "system"]), id: z.string().nullable() })
      .meta({ description: "Who saved it: a console user or an API key" }),
    created_at: dateTime,
  })
  .meta({ id: "WorkflowVersion" });
export type WorkflowVersionJson = z.input<typeof workflowVersionSchema>;

const iso = (d: Date) => d.toISOString();

export function workflowJson({ workflow, current }: WorkflowRecord): WorkflowJson {
  const d = current.definition;
  return {
    id: workflow.id,
    key: workflow.key,
    name: d.name,
    description: d.description,
    is_active: d.is_active,
    critical: d.critical,
    category: d.category,
    steps: d.steps,
    version: current.version,
    created_at: iso(workflow.createdAt),
    updated_at: iso(workflow.updatedAt),
  };
}

export function workflowVersionJson(row: WorkflowVersionRow): WorkflowVersionJson {
  const d = row.definition;
  return {
    version: row.version,
    name: d.name,
    description: d.description,
    is_active: d.is_active,
    critical: d.critical,
    category: d.category,
    steps: d.steps,
    created_by: row.createdBy,
    created_at: iso(row.createdAt),
  };
}
