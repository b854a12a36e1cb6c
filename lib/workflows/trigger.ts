// Triggering a workflow, behind the same Idempotency-Key semantics as sends: for a list of users,
// one run per distinct recipient, written set-based in one transaction with each run's first step
// job; for a topic, the trigger row and the first job of its fan-out (./fanout.ts).
import { eq } from "drizzle-orm";
import { z } from "zod";
import { audit, type Actor } from "../audit";
import { clock } from "../clock";
import type { Db, Executor } from "../db/client";
import { workflowTriggers } from "../db/schema";
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
import { topicKeySchema } from "../topics/schema";
import { getTopic } from "../topics/store";
import { externalIdSchema } from "../users/schema";
import { ensureUsers } from "../users/store";
import { MAX_RECIPIENTS } from "../vocabulary/limits";
import { TRIGGER } from "../vocabulary/workflow-run-status";
import { enqueueFanoutBatches, insertRuns } from "./fanout";
import { missingPayloadNames } from "./scope";
import { isChannelStepType } from "./steps";
import { getWorkflow } from "./store";

export const MAX_PAYLOAD_BYTES = 64 * 1024;

const recipientListSchema = z
  .array(externalIdSchema, { message: "must be a list of user ids" })
  .min(1, { message: "must name at least one user" })
  .max(MAX_RECIPIENTS, { message: `must name at most ${MAX_RECIPIENTS} users` })
  .meta({ description: "Recipients' user_id; unknown ones are created, as a send does" });

const topicTargetSchema = z.strictObject({ topic: topicKeySchema }).meta({
  id: "WorkflowTopicTarget",
  description: "Every subscriber of the topic when the fan-out reaches them",
});

export const workflowTriggerSchema = z
  .strictObject({
    to: z.union([recipientListSchema, topicTargetSchema], {
      // Neither shape fits: a list's own complaint (too many users…) says more than "not either".
      error: (issue) =>
        issue.code === "invalid_union" && Array.isArray(issue.input)
          ? issue.errors[0]?.[0]?.message
          : 'must be a list of user ids or {"topic": "<key>"}',
    }),
    payload: z
      .record(z.string(), z.unknown(), { message: "must be an object" })
      .default({})
      .meta({
        description: `What the steps read as \`payload\`; at most ${MAX_PAYLOAD_BYTES / 1024} KB as JSON`,
      }),
    actor: externalIdSchema
      .optional()
      .meta({ description: "The user_id of who caused the event; steps read them as `actor`" }),
    exclude_actor: z
      .boolean({ message: "must be true or false" })
      .default(false)
      .meta({ description: "The actor gets no run, even when they are a recipient or subscriber" }),
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
    trigger_id: z.uuid().meta({
      description: "Shared by every run of this call; GET /api/v1/workflow-triggers/{id} shows its progress",
    }),
    status: z.enum([TRIGGER.fanningOut, TRIGGER.completed]).meta({
      description:
        "`completed`: every run is written (a list of users); `fanning_out`: a topic's runs are being written in batches",
    }),
    run_ids: z.array(z.uuid()).optional().meta({
      description:
        "For a list of users: one per distinct recipient, in the order given (deleted users and an excluded actor get none). Absent for a topic: list its runs with GET /api/v1/workflow-runs?trigger_id=",
    }),
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
 * Records the trigger and writes its runs. A list of users: one `running` run per distinct
 * recipient (creating unknown users; deleted ones get none) with its first step job, all in this
 * transaction. A topic: only the trigger row and its first fan-out batch job, whatever the topic's
 * size (an unknown topic is 404). Unknown workflow 404, inactive 409, a payload over 64 KB 413, a
 * payload name the steps need and lack 400. `beforeCommit` stores the idempotent response.
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
  const topic = Array.isArray(input.to) ? null : await getTopic(db, tenantId, input.to.topic);
  const recipients = Array.isArray(input.to) ? [...new Set(input.to)] : [];
  return db.transaction(async (tx) => {
    const ids = await ensureUsers(tx, tenantId, input.actor ? [...recipients, input.actor] : recipients);
    const now = clock().now();
    const [row] = await tx
      .insert(workflowTriggers)
      .values({
        tenantId,
        workflowId: workflow.id,
        versionId: current.id,
        topicId: topic?.id ?? null,
        topic: topic?.key ?? null,
        payload: input.payload,
        actorUserId: input.actor ? (ids.get(input.actor) ?? null) : null,
        cancellationKey: input.cancellation_key ?? null,
        excludeActor: input.exclude_actor,
        status: topic ? TRIGGER.fanningOut : TRIGGER.completed,
        createdAt: now,
        completedAt: topic ? null : now,
      })
      .returning({ id: workflowTriggers.id, tenantId: workflowTriggers.tenantId });
    let data: TriggerResult;
    if (topic) {
      await enqueueFanoutBatches(tx, [{ tenantId, triggerId: row!.id, after: null }]);
      data = { trigger_id: row!.id, status: TRIGGER.fanningOut };
    } else {
      const userIds = recipients.map((r) => ids.get(r)).filter((id): id is string => id !== undefined);
      const runs = await insertRuns(tx, row!, userIds);
      await tx
        .update(workflowTriggers)
        .set({ runsCreated: runs.length })
        .where(eq(workflowTriggers.id, row!.id));
      const runOf = new Map(runs.map((r) => [r.user_id, r.id]));
      data = {
        trigger_id: row!.id,
        status: TRIGGER.completed,
        run_ids: userIds.flatMap((id) => (runOf.has(id) ? [runOf.get(id)!] : [])),
      };
    }
    await audit(
      tx,
      tenantId,
      trigger.actor,
      "workflow.triggered",
      { type: "workflow", id: workflow.id },
      {
        key: workflow.key,
        version: current.version,
        trigger_id: row!.id,
        ...(topic ? { topic: topic.key } : { runs: data.run_ids!.length }),
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
