// Workflows per tenant: create, list, find by key, update (every save is a new immutable version
// and moves current_version), soft delete (the key is free again), versions and restore.
import { and, count, desc, eq, ilike, inArray, isNull, or, sql } from "drizzle-orm";
import { audit, type Actor } from "../audit";
import type { Db, Executor } from "../db/client";
import { checkChatTargetKeys } from "../chat/store";
import { templates, workflows, workflowVersions, type WorkflowDefinition } from "../db/schema";
import { conflict, invalid, notFound, type FieldError } from "../errors";
import { invalidMessage, pageOffset } from "../http/validation";
import type { WorkflowRecord, WorkflowRow, WorkflowVersionRow } from "./serialize";
import {
  isChannelStepType,
  stepChannel,
  type WorkflowCreateInput,
  type WorkflowListQuery,
  type WorkflowUpdateInput,
} from "./steps";

const live = (tenantId: string) => and(eq(workflows.tenantId, tenantId), isNull(workflows.deletedAt));
const currentVersion = and(
  eq(workflowVersions.workflowId, workflows.id),
  eq(workflowVersions.version, workflows.currentVersion),
);
const target = (row: WorkflowRow) => ({ type: "workflow", id: row.id });

/**
 * Each channel step's template must be a live template of the tenant with a block for the step's
 * channel (in some locale): a run must not be the first to find out it is not.
 */
async function checkTemplates(
  db: Executor,
  tenantId: string,
  steps: WorkflowDefinition["steps"],
): Promise<void> {
  const codes = [
    ...new Set(
      steps.flatMap((s) => (isChannelStepType(s.type) && "template" in s && s.template ? [s.template] : [])),
    ),
  ];
  if (codes.length === 0) return;
  const found = await db
    .select({ code: templates.code, blocks: templates.blocks })
    .from(templates)
    .where(
      and(eq(templates.tenantId, tenantId), isNull(templates.deletedAt), inArray(templates.code, codes)),
    );
  const byCode = new Map(found.map((t) => [t.code, t.blocks]));
  const errors: FieldError[] = [];
  steps.forEach((step, i) => {
    if (!isChannelStepType(step.type) || !("template" in step) || !step.template) return;
    const blocks = byCode.get(step.template);
    const channel = stepChannel[step.type];
    const field = `steps.${i}.template`;
    if (!blocks) errors.push({ field, message: `no template has the code ${step.template}` });
    else if (!Object.values(blocks).some((locale) => locale[channel] !== undefined))
      errors.push({ field, message: `template ${step.template} has no ${channel} block` });
  });
  if (errors.length > 0) throw invalid(invalidMessage(errors), errors);
}

/** A chat step's chat targets must be the tenant's: refused naming `steps.<i>.chat_targets.<j>`. */
async function checkStepChatTargets(
  db: Executor,
  tenantId: string,
  steps: WorkflowDefinition["steps"],
): Promise<void> {
  for (const [i, step] of steps.entries()) {
    if (step.type === "chat" && step.chat_targets?.length)
      await checkChatTargetKeys(db, tenantId, step.chat_targets, `steps.${i}.chat_targets`);
  }
}

async function writeVersion(
  tx: Executor,
  row: WorkflowRow,
  version: number,
  definition: WorkflowDefinition,
  actor: Actor,
): Promise<WorkflowVersionRow> {
  const [written] = await tx
    .insert(workflowVersions)
    .values({
      tenantId: row.tenantId,
      workflowId: row.id,
      version,
      definition,
      createdBy: { type: actor.type, id: actor.id },
    })
    .returning();
  return written!;
}

export async function createWorkflow(
  db: Db,
  tenantId: string,
  input: WorkflowCreateInput,
  actor: Actor,
): Promise<WorkflowRecord> {
  const definition: WorkflowDefinition = {
    name: input.name,
    description: input.description ?? null,
    is_active: input.is_active,
    critical: input.critical,
    category: input.category ?? null,
    steps: input.steps,
  };
  return db.transaction(async (tx) => {
    await checkTemplates(tx, tenantId, definition.steps);
    await checkStepChatTargets(tx, tenantId, definition.steps);
    const [workflow] = await tx
      .insert(workflows)
      .values({ tenantId, key: input.key, currentVersion: 1 })
      .onConflictDoNothing()
      .returning();
    if (!workflow) throw conflict("Workflow key already exists");
    const current = await writeVersion(tx, workflow, 1, definition, actor);
    await audit(tx, tenantId, actor, "workflow.created", target(workflow), { key: workflow.key, version: 1 });
    return { workflow, current };
  });
}

export async function listWorkflows(
  db: Db,
  tenantId: string,
  q: WorkflowListQuery,
): Promise<{ rows: WorkflowRecord[]; total: number }> {
  const definition = workflowVersions.definition;
  const pattern = q.q ? `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const where = and(
    live(tenantId),
    q.is_active !== undefined ? sql`(${definition}->>'is_active')::boolean = ${q.is_active}` : undefined,
    q.category ? sql`${definition}->>'category' = ${q.category}` : undefined,
    pattern
      ? or(
          ilike(workflows.key, pattern),
          ilike(sql`${definition}->>'name'`, pattern),
          ilike(sql`${definition}->>'description'`, pattern),
        )
      : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ workflow: workflows, current: workflowVersions })
      .from(workflows)
      .innerJoin(workflowVersions, currentVersion)
      .where(where)
      .orderBy(desc(workflows.updatedAt), desc(workflows.id))
      .limit(q.page_size)
      .offset(pageOffset(q, "filters")),
    db.select({ n: count() }).from(workflows).innerJoin(workflowVersions, currentVersion).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** The live workflow with this key and its current version; another tenant's or a deleted one is 404. */
export async function getWorkflow(db: Executor, tenantId: string, key: string): Promise<WorkflowRecord> {
  const [row] = await db
    .select({ workflow: workflows, current: workflowVersions })
    .from(workflows)
    .innerJoin(workflowVersions, currentVersion)
    .where(and(live(tenantId), eq(workflows.key, key)))
    .limit(1);
  if (!row) throw notFound("Workflow not found");
  return row;
}

/** Locks the live workflow for a save: two saves of one workflow write versions n+1 and n+2. */
async function lockWorkflow(tx: Executor, tenantId: string, key: string): Promise<WorkflowRecord> {
  const [workflow] = await tx
    .select()
    .from(workflows)
    .where(and(live(tenantId), eq(workflows.key, key)))
    .limit(1)
    .for("update");
  if (!workflow) throw notFound("Workflow not found");
  const current = await findVersion(tx, workflow, workflow.currentVersion);
  return { workflow, current: current! };
}

async function findVersion(tx: Executor, workflow: WorkflowRow, version: number) {
  const [row] = await tx
    .select()
    .from(workflowVersions)
    .where(
      and(
        eq(workflowVersions.tenantId, workflow.tenantId),
        eq(workflowVersions.workflowId, workflow.id),
        eq(workflowVersions.version, version),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Writes `definition` as the next version and makes it current. */
async function saveVersion(
  tx: Executor,
  { workflow }: WorkflowRecord,
  definition: WorkflowDefinition,
  actor: Actor,
  action: string,
  data: Record<string, unknown> = {},
): Promise<WorkflowRecord> {
  await checkTemplates(tx, workflow.tenantId, definition.steps);
  await checkStepChatTargets(tx, workflow.tenantId, definition.steps);
  const version = workflow.currentVersion + 1;
  const current = await writeVersion(tx, workflow, version, definition, actor);
  const [updated] = await tx
    .update(workflows)
    .set({ currentVersion: version, updatedAt: new Date() })
    .where(eq(workflows.id, workflow.id))
    .returning();
  await audit(tx, workflow.tenantId, actor, action, target(workflow), {
    key: workflow.key,
    version,
    ...data,
  });
  return { workflow: updated!, current };
}

export async function updateWorkflow(
  db: Db,
  tenantId: string,
  key: string,
  input: WorkflowUpdateInput,
  actor: Actor,
): Promise<WorkflowRecord> {
  return db.transaction(async (tx) => {
    const record = await lockWorkflow(tx, tenantId, key);
    if (input.key !== undefined && input.key !== record.workflow.key)
      throw invalid("Invalid key", [{ field: "key", message: "cannot be changed" }]);
    const before = record.current.definition;
    const definition: WorkflowDefinition = {
      name: input.name ?? before.name,
      description: input.description !== undefined ? input.description : before.description,
      is_active: input.is_active ?? before.is_active,
      critical: input.critical ?? before.critical,
      category: input.category !== undefined ? input.category : before.category,
      steps: input.steps ?? before.steps,
    };
    return saveVersion(tx, record, definition, actor, "workflow.updated");
  });
}

export async function deleteWorkflow(db: Db, tenantId: string, key: string, actor: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(workflows)
      .set({ deletedAt: new Date() })
      .where(and(live(tenantId), eq(workflows.key, key)))
      .returning();
    if (!row) throw notFound("Workflow not found");
    await audit(tx, tenantId, actor, "workflow.deleted", target(row), { key: row.key });
  });
}

/** Newest first. */
export async function listWorkflowVersions(
  db: Db,
  tenantId: string,
  key: string,
): Promise<WorkflowVersionRow[]> {
  const { workflow } = await getWorkflow(db, tenantId, key);
  return db
    .select()
    .from(workflowVersions)
    .where(and(eq(workflowVersions.tenantId, tenantId), eq(workflowVersions.workflowId, workflow.id)))
    .orderBy(desc(workflowVersions.version));
}

/** Brings an earlier version back as a new version (the history shows the restore happened). */
export async function restoreWorkflowVersion(
  db: Db,
  tenantId: string,
  key: string,
  version: number,
  actor: Actor,
): Promise<WorkflowRecord> {
  return db.transaction(async (tx) => {
    const record = await lockWorkflow(tx, tenantId, key);
    const old = await findVersion(tx, record.workflow, version);
    if (!old) throw notFound("Workflow version not found");
    return saveVersion(tx, record, old.definition, actor, "workflow.restored", { restored_from: version });
  });
}
