// Triggering a workflow: one run per distinct recipient, written set-based in one transaction with
// each run's first step job, behind the same Idempotency-Key semantics as sends.
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import { rowsOf, type Db, type Executor } from "../db/client";
import { conflict, invalid, tooLarge, type FieldError } from "../errors";
import {
  requestHash,
  runIdempotently,
  type BeforeCommit,
  type IdempotencyClaim,
  type StoredResponse,
} from "../http/idempotency";
import { invalidMessage } from "../http/validation";
import { resolveParams } from "../templates/blocks";
import { findTemplateByCode } from "../templates/store";
import { externalIdSchema } from "../users/schema";
import { ensureUsers } from "../users/store";
import { MAX_RECIPIENTS } from "../vocabulary/limits";
import { INITIAL_RUN_STATUS } from "../vocabulary/workflow-run-status";
import { enqueueSteps, stepJobsFor } from "./jobs";
import { missingPayloadNames } from "./scope";
import { isChannelStepType } from "./steps";
import { getWorkflow } from "./store";

export const MAX_PAYLOAD_BYTES = 64 * 1024;

export const workflowTriggerSchema = z
  .strictObject({
    to: z
      .array(externalIdSchema, { message: "must be a list of user ids" })
      .min(1, { message: "must name at least one user" })
      .max(MAX_RECIPIENTS, { message: `must name at most ${MAX_RECIPIENTS} users` })
      .meta({ description: "Recipients' user_id; unknown ones are created, as a send does" }),
    payload: z
      .record(z.string(), z.unknown(), { message: "must be an object" })
      .default({})
      .meta({
        description: `What the steps read as \`payload\`; at most ${MAX_PAYLOAD_BYTES / 1024} KB as JSON`,
      }),
    actor: externalIdSchema
      .optional()
      .meta({ description: "The user_id of who caused the event; steps read them as `actor`" }),
    cancellation_key: z
      .string({ message: "must be a string" })
      .min(1, { message: "must not be empty" })
      .max(255, { message: "must be at most 255 characters" })
      .optional()
      .meta({ description: "Cancel these runs later by this key (POST …/cancel)", example: "comment-42" }),
  })
  .meta({
    id: "WorkflowTrigger",
    example: {
      to: ["alice"],
      payload: { text: "Looks good!" },
      actor: "bob",
      cancellation_key: "comment-42",
    },
  });
export type WorkflowTriggerInput = z.infer<typeof workflowTriggerSchema>;

export const triggerResultSchema = z
  .object({
    trigger_id: z.uuid().meta({ description: "Shared by every run of this call" }),
    run_ids: z
      .array(z.uuid())
      .meta({ description: "One per distinct recipient, in the order given (deleted users get none)" }),
  })
  .meta({ id: "WorkflowTriggerResult" });
export type TriggerResult = z.input<typeof triggerResultSchema>;

export type Trigger = { tenantId: string; actor: Actor };

/** A payload name a step's Liquid or template needs and the payload lacks: a 400 naming it. */
export async function checkPayload(
  db: Executor,
  tenantId: string,
  steps: Parameters<typeof missingPayloadNames>[0],
  payload: Record<string, unknown>,
): Promise<void> {
  const errors: FieldError[] = missingPayloadNames(steps, payload).map(({ name, stepId }) => ({
    field: `payload.${name}`,
    message: `is required by step ${stepId}`,
  }));
  // A template step renders its template with the payload as its params (and `digest` after a
  // digest step: the engine gives that one).
  let afterDigest = false;
  for (const step of steps) {
    afterDigest ||= step.type === "digest";
    if (!isChannelStepType(step.type) || !("template" in step) || !step.template) continue;
    const template = await findTemplateByCode(db, tenantId, step.template);
    if (!template) continue; // the step fails when it runs, naming the template
    for (const name of resolveParams(template.variables, payload).missing)
      if (!(afterDigest && name === "digest") && !errors.some((e) => e.field === `payload.${name}`))
        errors.push({
          field: `payload.${name}`,
          message: `is required by template ${step.template} (step ${step.id})`,
        });
  }
  if (errors.length > 0) throw invalid(invalidMessage(errors), errors);
}

/**
 * Writes one `running` run per distinct recipient of `input.to` (creating unknown users; deleted
 * ones get none) with its first step job. Unknown workflow 404, inactive 409, a payload over 64 KB
 * 413, a payload name the steps need and lack 400. `beforeCommit` stores the idempotent response.
 */
export async function triggerWorkflow(
  db: Db,
  trigger: Trigger,
  key: string,
  input: WorkflowTriggerInput,
  beforeCommit?: BeforeCommit,
): Promise<TriggerResult> {
  const { tenantId } = trigger;
  if (Buffer.byteLength(JSON.stringify(input.payload)) > MAX_PAYLOAD_BYTES)
    throw tooLarge(`payload is over ${MAX_PAYLOAD_BYTES / 1024} KB`);
  const { workflow, current } = await getWorkflow(db, tenantId, key);
  const definition = current.definition;
  if (!definition.is_active) throw conflict("Workflow is inactive");
  await checkPayload(db, tenantId, definition.steps, input.payload);
  const recipients = [...new Set(input.to)];
  const triggerId = randomUUID();
  return db.transaction(async (tx) => {
    const ids = await ensureUsers(tx, tenantId, input.actor ? [...recipients, input.actor] : recipients);
    const userIds = recipients.map((r) => ids.get(r)).filter((id): id is string => id !== undefined);
    const runs = rowsOf<{ id: string; user_id: string }>(
      await tx.execute(sql`
        insert into workflow_runs (tenant_id, workflow_id, version_id, user_id, actor_user_id, payload,
          status, step_index, cancellation_key, trigger_id)
        select ${tenantId}::uuid, ${workflow.id}::uuid, ${current.id}::uuid, u.id,
          ${input.actor ? ids.get(input.actor)! : null}::uuid, ${JSON.stringify(input.payload)}::jsonb,
          ${INITIAL_RUN_STATUS}::text, 0, ${input.cancellation_key ?? null}::text, ${triggerId}::uuid
        -- A join with unnest, not = any(array): planning = any over 10,000 elements costs more than the insert.
        from unnest(${sql.param(userIds)}::uuid[]) as i(id)
        join users u on u.id = i.id and u.tenant_id = ${tenantId}::uuid and u.deleted_at is null
        order by u.id
        returning id, user_id`),
    );
    await enqueueSteps(
      tx,
      stepJobsFor(
        runs.map((r) => r.id),
        0,
      ),
    );
    const runOf = new Map(runs.map((r) => [r.user_id, r.id]));
    const data: TriggerResult = {
      trigger_id: triggerId,
      run_ids: userIds.flatMap((id) => (runOf.has(id) ? [runOf.get(id)!] : [])),
    };
    await audit(
      tx,
      tenantId,
      trigger.actor,
      "workflow.triggered",
      { type: "workflow", id: workflow.id },
      {
        key: workflow.key,
        version: current.version,
        trigger_id: triggerId,
        runs: runs.length,
      },
    );
    await beforeCommit?.(tx, { status: 202, body: triggerEnvelope(data) });
    return data;
  });
}

export function triggerEnvelope(data: TriggerResult) {
  return { code: 202, message: "Workflow triggered", data };
}

export type TriggerOutcome = StoredResponse & { replayed: boolean };

/** triggerWorkflow behind an optional Idempotency-Key, exactly as sendIdempotently does for sends. */
export async function triggerIdempotently(
  db: Db,
  trigger: Trigger & { callerScope: string },
  key: string,
  input: WorkflowTriggerInput,
  idempotencyKey: string | undefined,
  path: string,
): Promise<TriggerOutcome> {
  const claim: IdempotencyClaim | null =
    idempotencyKey === undefined
      ? null
      : {
          tenantId: trigger.tenantId,
          scope: trigger.callerScope,
          key: idempotencyKey,
          requestHash: requestHash("POST", path, input),
        };
  return runIdempotently(db, claim, async (beforeCommit) => ({
    status: 202,
    body: triggerEnvelope(await triggerWorkflow(db, trigger, key, input, beforeCommit)),
  }));
}

export const workflowCancelSchema = z
  .strictObject({
    cancellation_key: z
      .string({ message: "must be a string" })
      .min(1, { message: "must not be empty" })
      .max(255, { message: "must be at most 255 characters" }),
    recipients: z
      .array(externalIdSchema, { message: "must be a list of user ids" })
      .min(1, { message: "must name at least one user" })
      .max(MAX_RECIPIENTS, { message: `must name at most ${MAX_RECIPIENTS} users` })
      .optional()
      .meta({ description: "Only these recipients' runs (default: every run with the key)" }),
  })
  .meta({ id: "WorkflowCancel", example: { cancellation_key: "comment-42" } });

export const cancelResultSchema = z
  .object({
    cancelled: z.number().int().meta({ description: "Runs that were running or waiting, now cancelled" }),
    run_ids: z.array(z.uuid()),
  })
  .meta({ id: "WorkflowCancelResult" });
