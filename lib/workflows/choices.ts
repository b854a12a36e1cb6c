// What a user may choose in their preferences: the tenant's active workflows, each with the
// channels its current version's steps send on.
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "../db/client";
import { workflows, workflowVersions } from "../db/schema";
import { notificationChannels, type NotificationChannel } from "../vocabulary/enums";
import { isChannelStepType, stepChannel } from "./steps";

export const choosableWorkflowSchema = z
  .object({
    key: z.string().meta({ example: "comment.created" }),
    name: z.string(),
    description: z.string().nullable(),
    category: z.string().nullable().meta({ description: "Its preferences category; null: none" }),
    critical: z.boolean().meta({
      description: "Always delivered whatever the user chose: show it as not switchable",
    }),
    channels: z.array(z.enum(notificationChannels)).meta({
      description: "The channels its steps send on (`app` is in-app): the ones a choice may name",
    }),
  })
  .meta({ id: "PreferenceWorkflow" });
export type ChoosableWorkflowJson = z.input<typeof choosableWorkflowSchema>;

export const choosableWorkflowsSchema = z.object({
  workflows: z.array(choosableWorkflowSchema).meta({
    description: "By category (those without one last), then name",
  }),
});
export type ChoosableWorkflowsJson = z.input<typeof choosableWorkflowsSchema>;

/** The tenant's live, active workflows in one query, by category then name. */
export async function listChoosableWorkflows(
  db: Executor,
  tenantId: string,
): Promise<ChoosableWorkflowsJson> {
  const d = workflowVersions.definition;
  const category = sql<string | null>`${d}->>'category'`;
  const name = sql<string>`${d}->>'name'`;
  const rows = await db
    .select({
      key: workflows.key,
      name,
      description: sql<string | null>`${d}->>'description'`,
      category,
      critical: sql<boolean>`coalesce((${d}->>'critical')::boolean, false)`,
      // Only the step types: a step's inline content can be large and is not needed here.
      stepTypes: sql<string[]>`array(select distinct s->>'type' from jsonb_array_elements(${d}->'steps') s)`,
    })
    .from(workflows)
    .innerJoin(
      workflowVersions,
      and(
        eq(workflowVersions.tenantId, workflows.tenantId),
        eq(workflowVersions.workflowId, workflows.id),
        eq(workflowVersions.version, workflows.currentVersion),
      ),
    )
    .where(
      and(
        eq(workflows.tenantId, tenantId),
        isNull(workflows.deletedAt),
        sql`coalesce((${d}->>'is_active')::boolean, true)`,
      ),
    )
    .orderBy(sql`${category} nulls last`, sql`lower(${name})`, workflows.key);
  return {
    workflows: rows.map(({ stepTypes, ...w }) => ({ ...w, channels: channelsOf(stepTypes) })),
  };
}

function channelsOf(stepTypes: string[]): NotificationChannel[] {
  const used = new Set(stepTypes.filter(isChannelStepType).map((t) => stepChannel[t]));
  return notificationChannels.filter((c) => used.has(c));
}
